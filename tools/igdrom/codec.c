// SPDX-License-Identifier: BSD-2-Clause-Patent
#include "codec.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cli.h"

/* Progress on a terminal only (stderr), at most every 5 %. */
struct progress {
	const char *name;
	unsigned last;
};

static void show_progress(void *ctx, size_t done, size_t total)
{
	struct progress *p = ctx;
	unsigned pct = total ? (unsigned)(done * 100 / total) : 100;
	if (pct >= p->last + 5 || pct == 100) {
		fprintf(stderr, "\r%s: compressing %u%%", p->name, pct);
		p->last = pct;
		if (pct == 100)
			fputc('\n', stderr);
	}
}

bool codec_compress(const char *name, efic_format fmt, efic_mode mode, const uint8_t *in,
		    size_t n, uint8_t **out, size_t *out_len, bool *beyond_spec)
{
	size_t ws = igd_efic_compress_work_size(fmt, mode), cap = igd_efic_compress_bound(n);
	void *work = malloc(ws);
	uint8_t *buf = malloc(cap);
	igd_status st;

	if (!work || !buf) {
		free(work);
		free(buf);
		return cli_error(EXIT_RUNTIME, "%s: out of memory", name), false;
	}
	struct progress prog = { name, 0 };
	bool tty = isatty(2) && n >= (1u << 20); /* only large inputs take long enough to show */
	st = igd_efic_compress_progress(fmt, mode, in, n, buf, cap, out_len, work, ws,
				    tty ? show_progress : NULL, &prog);
	free(work);
	if (st) {
		free(buf);
		return cli_error(EXIT_RUNTIME, "%s: cannot compress: %s", name, igd_strerror(st)), false;
	}
	/* Nothing leaves the encoder unchecked: the stream must decode back to the input (best
	 * mode once wrote a stream that did not, on input it had not been tried on). */
	static efic_scratch scratch;
	uint8_t *back = malloc(n ? n : 1);
	if (!back) {
		free(buf);
		return cli_error(EXIT_RUNTIME, "%s: out of memory for %zu bytes", name, n), false;
	}
	if (igd_efic_decompress(fmt, buf, *out_len, back, n, &scratch, NULL) || (n && memcmp(back, in, n))) {
		free(back);
		free(buf);
		return cli_error(EXIT_RUNTIME, "%s: internal error: the compressed stream does not decode back to "
				 "the input; nothing written (please report it%s)", name,
				 mode == EFIC_MODE_COMPAT ? "" : "; --mode compat avoids it"), false;
	}
	free(back);
	if (beyond_spec)
		*beyond_spec = scratch.beyond_spec_window;
	*out = buf;
	return true;
}

bool codec_decompress_window(const char *name, efic_format fmt, const uint8_t *in, size_t n,
			     uint8_t **out, size_t *out_len, bool *beyond_spec)
{
	static efic_scratch scratch;
	uint32_t orig, comp;
	igd_where w = { 0, "" };
	uint8_t *buf;

	if (igd_efic_get_info(in, n, &orig, &comp))
		return cli_error(EXIT_RUNTIME, "%s: offset 0x0: compressed size in the header exceeds the file",
				 name), false;
	buf = malloc(orig ? orig : 1);
	if (!buf)
		return cli_error(EXIT_RUNTIME, "%s: out of memory for %u bytes", name, orig), false;
	if (igd_efic_decompress(fmt, in, n, buf, orig, &scratch, &w)) {
		free(buf);
		return cli_error(EXIT_RUNTIME, "%s: offset 0x%zx: %s", name, w.offset, w.what), false;
	}
	*out = buf;
	*out_len = orig;
	*beyond_spec = scratch.beyond_spec_window;
	return true;
}

/*
 * Writing behind the decoder: the decoder reports output bytes that are final
 * (igd_efic_decompress_progress) and a second thread writes them to the temporary output file
 * while the rest decodes, so the file's copy into the page cache and its way to disk overlap
 * the decoding instead of following it (zstd's CLI writes asynchronously for the same reason).
 */
struct write_behind {
	igd_file_stream *out;
	const uint8_t *buf;
	size_t ready, written; /* final bytes reported; bytes written */
	bool finished, failed;
	int error;
	pthread_mutex_t lock;
	pthread_cond_t more;
};

static void *write_behind_run(void *arg)
{
	struct write_behind *w = arg;
	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (w->ready == w->written && !w->finished)
			pthread_cond_wait(&w->more, &w->lock);
		size_t from = w->written, to = w->ready;
		if (from == to)
			break; /* finished, all written */
		pthread_mutex_unlock(&w->lock);
		bool ok = igd_file_stream_write(w->out, w->buf + from, to - from) == IGD_OK;
		int error = errno;
		pthread_mutex_lock(&w->lock);
		if (!ok) {
			w->failed = true;
			w->error = error;
			break;
		}
		w->written = to;
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

static void write_behind_ready(void *ctx, size_t done, size_t total)
{
	struct write_behind *w = ctx;
	(void)total;
	pthread_mutex_lock(&w->lock);
	w->ready = done;
	pthread_cond_signal(&w->more);
	pthread_mutex_unlock(&w->lock);
}

bool codec_decompress_to_file(const char *name, efic_format fmt, const uint8_t *in, size_t n,
			      const char *out_path, size_t *out_len, bool *beyond_spec)
{
	static efic_scratch scratch;
	uint32_t orig, comp;
	igd_where where = { 0, "" };
	igd_file_stream out;

	if (igd_efic_get_info(in, n, &orig, &comp))
		return cli_error(EXIT_RUNTIME, "%s: offset 0x0: compressed size in the header exceeds the file",
				 name), false;
	/* a large output in 2 MiB pages where the kernel offers them (transparent huge pages on
	 * madvise): about 500 times fewer page faults while decoding */
	const size_t huge_page = 2u << 20;
	size_t buf_size = orig >= huge_page ? ((size_t)orig + huge_page - 1) & ~(huge_page - 1) : (orig ? orig : 1);
	uint8_t *buf = orig >= huge_page ? aligned_alloc(huge_page, buf_size) : malloc(buf_size);
	if (!buf)
		return cli_error(EXIT_RUNTIME, "%s: out of memory for %u bytes", name, orig), false;
#ifdef MADV_HUGEPAGE
	if (orig >= huge_page)
		madvise(buf, buf_size, MADV_HUGEPAGE); /* advice: nothing changes where it is refused */
#endif
	if (!cli_open_output(out_path, &out)) {
		free(buf);
		return false;
	}
	struct write_behind w = { .out = &out, .buf = buf };
	pthread_t writer;
	pthread_mutex_init(&w.lock, NULL);
	pthread_cond_init(&w.more, NULL);
	bool threaded = pthread_create(&writer, NULL, write_behind_run, &w) == 0;
	igd_status st = igd_efic_decompress_progress(fmt, in, n, buf, orig, &scratch, &where,
						    threaded ? write_behind_ready : NULL, &w);
	if (threaded) {
		pthread_mutex_lock(&w.lock);
		w.finished = true;
		pthread_cond_signal(&w.more);
		pthread_mutex_unlock(&w.lock);
		pthread_join(writer, NULL);
	}
	pthread_mutex_destroy(&w.lock);
	pthread_cond_destroy(&w.more);
	bool ok = false;
	if (st != IGD_OK)
		cli_error(EXIT_RUNTIME, "%s: offset 0x%zx: %s", name, where.offset, where.what);
	else if (w.failed)
		cli_error(EXIT_RUNTIME, "%s: cannot write: %s", out_path, strerror(w.error));
	else if (w.written < orig && igd_file_stream_write(&out, buf + w.written, orig - w.written) != IGD_OK)
		cli_error(EXIT_RUNTIME, "%s: cannot write: %s", out_path, strerror(errno)); /* no thread */
	else
		ok = true;
	free(buf);
	if (!ok) {
		igd_file_stream_abort(&out); /* nothing half-written is left */
		return false;
	}
	if (!cli_commit_output(&out))
		return false;
	*out_len = orig;
	*beyond_spec = scratch.beyond_spec_window;
	return true;
}
