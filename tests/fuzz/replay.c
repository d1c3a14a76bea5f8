// SPDX-License-Identifier: BSD-2-Clause-Patent
/*
 * Replays a fuzz corpus without libFuzzer (the model is zstd's tests/fuzz/regression_driver.c):
 * `replay DIR|FILE...` feeds every file to LLVMFuzzerTestOneInput and prints TAP.  Built with
 * ASan+UBSan by `make check`, so any out-of-bounds access in a parser fails the suite.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int n;

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, got;
	if (!f) {
		printf("not ok %d - %s: cannot open\n", ++n, path);
		return 1;
	}
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got);
	fclose(f);
	/* A heap copy of exactly `len` bytes so ASan sees reads one past the end. */
	uint8_t *exact = malloc(len ? len : 1);
	if (!exact)
		abort();
	memcpy(exact, buf, len);
	free(buf);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	printf("ok %d - %s\n", ++n, path);
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	int fails = 0;
	for (int i = 1; i < argc; i++) {
		struct stat sb;
		if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
			struct dirent **ents;
			int m = scandir(argv[i], &ents, NULL, NULL);
			char **names = calloc(m > 0 ? (size_t)m : 1, sizeof(*names));
			int k = 0;
			for (int j = 0; j < m; j++) {
				if (ents[j]->d_name[0] != '.') {
					size_t l = strlen(argv[i]) + strlen(ents[j]->d_name) + 2;
					names[k] = malloc(l);
					snprintf(names[k++], l, "%s/%s", argv[i], ents[j]->d_name);
				}
				free(ents[j]);
			}
			free(ents);
			qsort(names, (size_t)k, sizeof(*names), cmp);
			for (int j = 0; j < k; j++) {
				fails += run_file(names[j]);
				free(names[j]);
			}
			free(names);
		} else {
			fails += run_file(argv[i]);
		}
	}
	if (n == 0)
		printf("not ok 1 - empty corpus\n");
	return fails || n == 0;
}
