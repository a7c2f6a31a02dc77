/* officer_qr.c: QR codes of share links (libqrencode), drawn as PNG (libpng, greyscale
 * 1 bit per pixel, written to memory) for phone screenshots and as SVG (one path) for
 * printing. Both keep the 4-module quiet zone the standard asks for. */
#include "officer/officer_internal.h"
#include "base/common.h"

#include <png.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#define QUIET 4

static QRcode *encode(const char *text)
{
	return QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
}

static void png_write_buf(png_structp png, png_bytep data, png_size_t n)
{
	strbuf_append(png_get_io_ptr(png), (const char *)data, n);
}

static void png_flush_none(png_structp png)
{
	(void)png;
}

int officer_qr_png(const char *text, int scale, struct strbuf *out)
{
	if (scale < 1 || scale > 32)
		return ERR;
	QRcode *qr = encode(text);
	if (!qr)
		return ERR;
	volatile int rc = ERR; /* read after a longjmp from libpng */
	size_t side = ((size_t)qr->width + 2 * QUIET) * (size_t)scale;
	size_t rowbytes = (side + 7) / 8;
	unsigned char *row = malloc(rowbytes);
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	if (!row || !info)
		goto out;
	if (setjmp(png_jmpbuf(png)))
		goto out;
	strbuf_reset(out);
	png_set_write_fn(png, out, png_write_buf, png_flush_none);
	png_set_IHDR(png, info, (png_uint_32)side, (png_uint_32)side, 1, PNG_COLOR_TYPE_GRAY,
	             PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (size_t y = 0; y < side; y++) {
		memset(row, 0xff, rowbytes); /* 1 = white */
		long my = (long)(y / (size_t)scale) - QUIET;
		for (size_t x = 0; x < side; x++) {
			long mx = (long)(x / (size_t)scale) - QUIET;
			bool dark = my >= 0 && mx >= 0 && my < qr->width && mx < qr->width &&
			            (qr->data[my * qr->width + mx] & 1);
			if (dark)
				row[x / 8] &= (unsigned char)~(0x80u >> (x % 8));
		}
		png_write_row(png, row);
	}
	png_write_end(png, NULL);
	rc = OK;
out:
	if (png)
		png_destroy_write_struct(&png, info ? &info : NULL);
	free(row);
	QRcode_free(qr);
	return rc;
}

int officer_qr_svg(const char *text, struct strbuf *out)
{
	QRcode *qr = encode(text);
	if (!qr)
		return ERR;
	int side = qr->width + 2 * QUIET;
	strbuf_reset(out);
	strbuf_printf(out,
	              "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	              "shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" "
	              "fill=\"#fff\"/><path fill=\"#000\" d=\"",
	              side, side, side, side);
	for (int y = 0; y < qr->width; y++)
		for (int x = 0; x < qr->width; x++)
			if (qr->data[y * qr->width + x] & 1)
				strbuf_printf(out, "M%d %dh1v1h-1z", x + QUIET, y + QUIET);
	strbuf_puts(out, "\"/></svg>\n");
	QRcode_free(qr);
	return OK;
}
