/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * The one place where the portable core meets its environment: fixed-width integers,
 * size_t/bool and the memory functions.  Hosted builds take them from libc; the UEFI
 * driver (IGD_FREESTANDING) gets prototypes here and definitions from firmware/libc_min.c.
 * Modelled on libfdt's libfdt_env.h.
 */
#ifndef IGD_ENV_H
#define IGD_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef IGD_FREESTANDING
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
#else
#include <string.h>
#endif

#ifndef SIZE_MAX
#define SIZE_MAX ((size_t)-1)
#endif

#define IGD_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
