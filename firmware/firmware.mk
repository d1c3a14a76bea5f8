# SPDX-License-Identifier: BSD-2-Clause-Patent
# The UEFI side: the option-ROM driver and the QEMU test images, built as native PE32+ with
# clang + lld-link against gnu-efi's headers (docs/toolchain.md, path A).  No EDK2.

EFI_CC      ?= clang
EFI_LD      ?= lld-link
EFI_INC     ?= /usr/include/efi
EFI_CFLAGS  := -target x86_64-unknown-windows -ffreestanding -fshort-wchar -mno-red-zone \
	-fno-stack-protector -fno-builtin -Oz -flto -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables -std=c11 $(WARN) -Wno-missing-prototypes \
	-isystem $(EFI_INC) -isystem $(EFI_INC)/x86_64 -Iinclude -Ifirmware -DIGD_FREESTANDING \
	-DIGD_VERSION='"$(VERSION)"'
# The core modules the driver reuses unchanged.
FW_CORE     := lib/core/bytes.c lib/core/error.c lib/core/opregion.c lib/core/vbt.c \
	lib/core/devices.c lib/core/devices_table.c lib/core/fwcfg.c lib/core/pcirom.c \
	lib/core/pe.c lib/core/efi_decompress.c lib/core/plan.c
FW_COMMON   := firmware/log.c firmware/libc_min.c firmware/fwcfg_io.c
FW_DRIVER   := firmware/driver.c firmware/gop_policy.c $(FW_COMMON) $(FW_CORE)
FW_OUT      := $(B)/firmware

$(FW_OUT)/%.o: %.c
	@mkdir -p $(dir $@)
	$(EFI_CC) $(EFI_CFLAGS) -MMD -MP -c $< -o $@

# Subsystem 11 (boot-service driver): PciBusDxe skips applications (docs/option-rom.md §9).
# Size: LTO across the driver and the core (-flto above), and 32-byte section and file
# alignment as EDK2's own CLANGPDB and PEI builds link; OVMF loads such images, only without
# per-section page protection, which needs 4 KiB alignment (together about 4 KiB smaller).
# lld-link warns that /align is meant for Windows kernel drivers; that one line is dropped.
# -Brepro: the PE timestamp is a hash of the image, not the time of the build (reproducible).
EFI_LDFLAGS := -nodefaultlib -dll -opt:ref -align:32 -filealign:32 -Brepro
$(FW_OUT)/igdrom-driver.efi: $(FW_DRIVER:%.c=$(FW_OUT)/%.o)
	@out=$$($(EFI_LD) -subsystem:efi_boot_service_driver -entry:igdrom_entry $(EFI_LDFLAGS) -out:$@ $^ 2>&1) \
		|| { echo "$$out" >&2; exit 1; }; echo "$$out" | grep -v -e 'without /driver' -e '^$$' >&2 || true

# Embed the driver into the igdrom binary so users need one program.
$(B)/obj/driver_blob.o: $(FW_OUT)/igdrom-driver.efi
	@mkdir -p $(dir $@)
	printf '.section .rodata\n.global igdrom_driver_efi\n.global igdrom_driver_efi_end\n.balign 16\nigdrom_driver_efi:\n.incbin "%s"\nigdrom_driver_efi_end:\n.section .note.GNU-stack,"",@progbits\n' \
		$< > $(B)/obj/driver_blob.S
	$(CC) -c $(B)/obj/driver_blob.S -o $@
FIRMWARE_EMBED_OBJ := $(B)/obj/driver_blob.o

# Test images for tests/qemu: the IGD stand-in application and the GOP stand-in driver.
FW_TEST_APP := tests/qemu/igdtest.c $(FW_COMMON) $(FW_CORE)
FW_TEST_GOP := tests/qemu/gop_standin.c $(FW_COMMON) $(FW_CORE)
$(FW_OUT)/igdtest.efi: $(FW_TEST_APP:%.c=$(FW_OUT)/%.o)
	$(EFI_LD) -subsystem:efi_application -entry:igdtest_main -nodefaultlib -dll -Brepro -out:$@ $^ >/dev/null
$(FW_OUT)/gop-standin.efi: $(FW_TEST_GOP:%.c=$(FW_OUT)/%.o)
	$(EFI_LD) -subsystem:efi_boot_service_driver -entry:gop_standin_main -nodefaultlib -dll -Brepro \
		-out:$@ $^ >/dev/null

FIRMWARE_TEST_TARGETS := $(FW_OUT)/igdrom-driver.efi $(FW_OUT)/igdtest.efi $(FW_OUT)/gop-standin.efi

# Synthetic GOP images for the table reader's unit tests (tests/goptable): each table layout
# built for X64 at -Oz and -Os (EDK2's CLANG builds optimise for size) and for IA32 at -Oz.
GOPTABLE_LAYOUTS := 1 2 3 4 5 6 7
GOPTABLE_OUT     := $(B)/goptable
GOPTABLE_CFLAGS  := -ffreestanding -fno-builtin -fno-stack-protector -fno-asynchronous-unwind-tables $(WARN) \
	-Wno-missing-prototypes
GOPTABLE_IMAGES  := $(foreach l,$(GOPTABLE_LAYOUTS),$(GOPTABLE_OUT)/x64-Oz-$(l).efi $(GOPTABLE_OUT)/x64-Os-$(l).efi \
	$(GOPTABLE_OUT)/ia32-Oz-$(l).efi)
$(GOPTABLE_OUT)/x64-%.efi: tests/goptable/synthetic.c tests/goptable/layouts.h
	@mkdir -p $(dir $@)
	$(EFI_CC) -target x86_64-unknown-windows -mno-red-zone $(GOPTABLE_CFLAGS) -$(word 1,$(subst -, ,$*)) \
		-DLAYOUT=$(word 2,$(subst -, ,$*)) -c $< -o $(@:.efi=.o)
	$(EFI_LD) -subsystem:efi_boot_service_driver -entry:synthetic_main -nodefaultlib -dll -Brepro \
		-out:$@ $(@:.efi=.o) >/dev/null
$(GOPTABLE_OUT)/ia32-%.efi: tests/goptable/synthetic.c tests/goptable/layouts.h
	@mkdir -p $(dir $@)
	$(EFI_CC) -target i686-unknown-windows $(GOPTABLE_CFLAGS) -$(word 1,$(subst -, ,$*)) \
		-DLAYOUT=$(word 2,$(subst -, ,$*)) -c $< -o $(@:.efi=.o)
	$(EFI_LD) -machine:x86 -subsystem:efi_boot_service_driver -entry:synthetic_main -nodefaultlib -dll -Brepro \
		-out:$@ $(@:.efi=.o) >/dev/null
FIRMWARE_DEMO_TARGETS := $(FIRMWARE_TEST_TARGETS)
FIRMWARE_TEST_TARGETS += $(GOPTABLE_IMAGES)
