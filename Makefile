# SPDX-License-Identifier: BSD-2-Clause-Patent
# igdrom: GNU Make build.  Targets: all (default), check, demo, bench, fuzz, install, clean.

VERSION    := 0.1.0
SOVERSION  := 0
PREFIX     ?= /usr/local
LIBDIR     ?= $(PREFIX)/lib
DESTDIR    ?=
CC         ?= cc
CLANG      ?= clang
TESTDATA   := $(abspath tests/data)
FUZZ_SECONDS ?= 60
# make bench EDK2_TIANOCOMPRESS=PATH: EDK2's TianoCompress measured beside igdrom's codec in one run.
EDK2_TIANOCOMPRESS ?=

B          := build
.DEFAULT_GOAL := all
WARN       := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CSTD       := -std=c11 -D_DEFAULT_SOURCE
CFLAGS     ?= -O2 -g
# No build path in the binaries: two builds in different directories give the same bytes.
REPRO      := -ffile-prefix-map=$(CURDIR)=.
ALL_CFLAGS := $(CSTD) $(WARN) $(CFLAGS) $(REPRO) -Iinclude -DIGD_VERSION='"$(VERSION)"'
SAN_FLAGS  := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

CORE_SRC   := $(sort $(wildcard lib/core/*.c))
HOST_SRC   := $(sort $(wildcard lib/host/*.c))
LIB_SRC    := $(CORE_SRC) $(HOST_SRC)
TOOL_SRC   := $(sort $(wildcard tools/igdrom/*.c))
UNIT_SRC   := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRC   := $(sort $(wildcard tests/fuzz/fuzz_*.c))
HOST_LIBS  := -llzma -lbrotlidec -lpci -lcapstone

LIB_OBJ    := $(LIB_SRC:%.c=$(B)/obj/%.o)
PIC_OBJ    := $(LIB_SRC:%.c=$(B)/pic/%.o)
TOOL_OBJ   := $(TOOL_SRC:%.c=$(B)/obj/%.o)
UNIT_BIN   := $(UNIT_SRC:tests/unit/%.c=$(B)/unit/%)
SAN_UNIT   := $(UNIT_SRC:tests/unit/%.c=$(B)/san/unit/%)
SAN_REPLAY := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=$(B)/san/replay/%)
FUZZ_BIN   := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=$(B)/fuzz/%)

-include firmware/firmware.mk

.PHONY: update-devices
# Refresh the device table: make update-devices PCIIDS=/path/to/linux/include/drm/intel/pciids.h
update-devices:
	@test -n "$(PCIIDS)" || { echo "usage: make update-devices PCIIDS=path/to/pciids.h [COMMIT=sha]"; exit 2; }
	python3 scripts/import-pciids.py $(PCIIDS) $(COMMIT)
	python3 scripts/gen-devices.py

.PHONY: all lib tool check deps unit san-unit fuzz-replay cli-tests qemu-tests demo bench fuzz install clean
all: lib tool

lib: $(B)/libigd.a $(B)/libigd.so $(B)/igd.pc
tool: $(B)/igdrom

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@
$(B)/pic/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fPIC -MMD -MP -c $< -o $@
$(B)/san/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CLANG) $(CSTD) $(WARN) $(SAN_FLAGS) -Iinclude -DIGD_VERSION='"$(VERSION)"' -MMD -MP -c $< -o $@

$(B)/libigd.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^
$(B)/libigd.so: $(PIC_OBJ) lib/libigd.map
	$(CC) $(LDFLAGS) -shared -Wl,-soname,libigd.so.$(SOVERSION) -Wl,--version-script=lib/libigd.map \
		-o $@ $(PIC_OBJ) $(HOST_LIBS)
$(B)/igd.pc: lib/igd.pc.in Makefile
	@mkdir -p $(B)
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@VERSION@|$(VERSION)|g' $< > $@

$(B)/igdrom: $(TOOL_OBJ) $(B)/libigd.a $(FIRMWARE_EMBED_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(TOOL_OBJ) $(FIRMWARE_EMBED_OBJ) $(B)/libigd.a $(HOST_LIBS) -pthread

# ---- tests ---------------------------------------------------------------------------------
$(B)/unit/%: tests/unit/%.c $(B)/libigd.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(B)/libigd.a -lcmocka $(HOST_LIBS) -lbrotlienc
$(B)/san/unit/%: tests/unit/%.c $(LIB_SRC:%.c=$(B)/san/obj/%.o)
	@mkdir -p $(dir $@)
	$(CLANG) $(CSTD) $(WARN) $(SAN_FLAGS) -Iinclude -Itests/unit -o $@ $< \
		$(LIB_SRC:%.c=$(B)/san/obj/%.o) -lcmocka $(HOST_LIBS) -lbrotlienc
$(B)/san/replay/%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(LIB_SRC:%.c=$(B)/san/obj/%.o)
	@mkdir -p $(dir $@)
	$(CLANG) $(CSTD) $(WARN) $(SAN_FLAGS) -Iinclude -o $@ $< tests/fuzz/replay.c \
		$(LIB_SRC:%.c=$(B)/san/obj/%.o) $(HOST_LIBS)
$(B)/fuzz/%: tests/fuzz/fuzz_%.c $(LIB_SRC) $(wildcard lib/core/*.inc)
	@mkdir -p $(dir $@)
	$(CLANG) $(CSTD) $(WARN) -O1 -g -fsanitize=fuzzer,address,undefined -Iinclude -o $@ $< \
		$(LIB_SRC) $(HOST_LIBS)

deps:
	@bash scripts/deps.sh

# `make check` installs what it needs, then runs every suite and prints one summary line.
check: deps
	@$(MAKE) --no-print-directory check-run

.PHONY: check-run
check-run: all $(UNIT_BIN) $(SAN_UNIT) $(SAN_REPLAY) $(FIRMWARE_TEST_TARGETS)
	@B=$(B) TESTDATA=$(TESTDATA) bash tests/run-all.sh

# Opt-in: the QEMU 10.x configurations parsed by Debian 13's QEMU 10.0 in a debootstrap root
# (root only; a few minutes the first time, while the root is made).
.PHONY: check-qemu10
check-qemu10: all $(FIRMWARE_TEST_TARGETS)
	@B=$(B) bash scripts/check-qemu10.sh

demo: deps
	@$(MAKE) --no-print-directory all $(FIRMWARE_DEMO_TARGETS)
	@B=$(B) bash tests/qemu/demo.sh

$(B)/bench/%: bench/%.c $(B)/libigd.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -O3 -o $@ $< $(B)/libigd.a $(HOST_LIBS)

bench: all $(B)/bench/bench_codec $(B)/bench/bench_lzma_floor $(B)/bench/bench_goptable $(FIRMWARE_TEST_TARGETS)
	@B=$(B) TESTDATA=$(TESTDATA) EDK2_TIANOCOMPRESS=$(EDK2_TIANOCOMPRESS) bash bench/run.sh

fuzz: $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do t=$$(basename $$f); mkdir -p $(B)/fuzz-corpus/$$t; \
		echo "fuzzing $$t for $(FUZZ_SECONDS)s"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -max_len=262144 $(B)/fuzz-corpus/$$t \
			tests/fuzz/corpus/$$t || exit 1; done

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(LIBDIR)/pkgconfig \
		$(DESTDIR)$(PREFIX)/include/igd $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(B)/igdrom $(DESTDIR)$(PREFIX)/bin/igdrom
	install -m 644 $(B)/libigd.a $(DESTDIR)$(LIBDIR)/libigd.a
	install -m 644 $(B)/libigd.so $(DESTDIR)$(LIBDIR)/libigd.so.$(VERSION)
	ln -sf libigd.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libigd.so.$(SOVERSION)
	ln -sf libigd.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libigd.so
	install -m 644 include/igd/*.h $(DESTDIR)$(PREFIX)/include/igd/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@VERSION@|$(VERSION)|g' lib/igd.pc.in \
		> $(DESTDIR)$(LIBDIR)/pkgconfig/igd.pc
	install -m 644 docs/igdrom.1 $(DESTDIR)$(PREFIX)/share/man/man1/igdrom.1

# Debian packages (igdrom, libigd0, libigd-dev) into $(B)/deb, built by dpkg-buildpackage
# from a copy of the tracked sources, so nothing is written outside the tree and no build
# output is packaged by accident.  SOURCE_DATE_EPOCH comes from debian/changelog.
DEB_SRC := $(B)/deb-src/igdrom-$(VERSION)
.PHONY: deb
deb:
	@rm -rf $(B)/deb-src $(B)/deb && mkdir -p $(DEB_SRC) $(B)/deb
	@bash scripts/copy-sources.sh $(DEB_SRC)
	@# The package build runs make itself: none of this make's variables (B=...) may reach it.
	cd $(DEB_SRC) && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES \
		dpkg-buildpackage -us -uc -b --no-sign >../build.log 2>&1 || { tail -30 ../build.log; exit 1; }
	@mv $(B)/deb-src/*.deb $(B)/deb/ && ls $(B)/deb
	@lintian --tag-display-limit 0 $(B)/deb/*.deb > $(B)/deb/lintian.txt 2>&1; \
		if grep -q '^E:' $(B)/deb/lintian.txt; then cat $(B)/deb/lintian.txt; exit 1; fi; \
		echo "lintian: $$(grep -c '^[EW]:' $(B)/deb/lintian.txt || true) warnings, no errors ($(B)/deb/lintian.txt)"

clean:
	rm -rf $(B)

.SECONDARY:
-include $(shell find $(B) -name '*.d' 2>/dev/null)
