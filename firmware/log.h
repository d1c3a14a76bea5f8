/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * Log to QEMU's debug console (isa-debugcon at I/O port 0x402, what OVMF's DEBUG output uses):
 * drivers loaded from option ROMs run before any console exists.  printf subset: %s %c %d %u
 * %x %X %llu %llx %p, with an optional 0 flag and width.
 */
#ifndef IGDROM_FW_LOG_H
#define IGDROM_FW_LOG_H

#define IGDROM_DEBUG_PORT 0x402

void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* log_printf with the driver's "igdrom: " prefix, kept once in the image instead of in every
 * format string (the log is a good part of the driver's size). */
void log_igdrom(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
