// SPDX-License-Identifier: BSD-2-Clause-Patent
#include "log.h"

#include <stdarg.h>

#include "igd/env.h"

#include "port_io.h"

static void put(char c)
{
	outb(IGDROM_DEBUG_PORT, (uint8_t)c);
}

static void put_number(unsigned long long v, unsigned base, bool upper, int width, bool zero)
{
	char buf[24];
	int n = 0;
	do {
		unsigned d = (unsigned)(v % base);
		buf[n++] = (char)(d < 10 ? '0' + d : (upper ? 'A' : 'a') + d - 10);
		v /= base;
	} while (v);
	while (n < width--)
		put(zero ? '0' : ' ');
	while (n)
		put(buf[--n]);
}

static void log_vprintf(const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(*fmt);
			continue;
		}
		bool zero = false, ll = false;
		int width = 0;
		fmt++;
		if (*fmt == '0') {
			zero = true;
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		if (fmt[0] == 'l' && fmt[1] == 'l') {
			ll = true;
			fmt += 2;
		}
		switch (*fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			for (s = s ? s : "(null)"; *s; s++)
				put(*s);
			break;
		}
		case 'c':
			put((char)va_arg(ap, int));
			break;
		case 'd': {
			long long v = ll ? va_arg(ap, long long) : va_arg(ap, int);
			if (v < 0) {
				put('-');
				v = -v;
			}
			put_number((unsigned long long)v, 10, false, width, zero);
			break;
		}
		case 'u':
			put_number(ll ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned), 10, false,
				   width, zero);
			break;
		case 'x':
		case 'X':
			put_number(ll ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned), 16,
				   *fmt == 'X', width, zero);
			break;
		case 'p':
			put('0');
			put('x');
			put_number((uintptr_t)va_arg(ap, void *), 16, false, 0, false);
			break;
		case '%':
			put('%');
			break;
		default:
			put('?');
			break;
		}
	}
}

void log_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_vprintf(fmt, ap);
	va_end(ap);
}

void log_igdrom(const char *fmt, ...)
{
	va_list ap;
	for (const char *p = "igdrom: "; *p; p++)
		put(*p);
	va_start(ap, fmt);
	log_vprintf(fmt, ap);
	va_end(ap);
}
