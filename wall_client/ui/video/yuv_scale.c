/* One pass from a decoded I420 picture to the RGB32 picture a tile paints, at the tile's size.
 *
 * Why: a 4x4 wall paints 16 pictures of 640x360 into tiles of about 472x266. Today libVLC converts each whole
 * picture to RV32 (swscale), copies it into our buffer, and Qt scales it as it paints (nearest pixel): three
 * passes over the big picture. Here the picture stays I420 (1.5 bytes a pixel to copy, not 4) and only the
 * painted pixels are computed, each from its nearest source pixel: what Qt's scaling showed, in one pass.
 *
 * Colours: ITU-R BT.601, limited range in, full range out, as swscale converts for libVLC when the stream says
 * nothing else (the relay's H.264 streams say nothing); within 2 levels of swscale's own result, as it truncates
 * (tests/wall_client/ui/test_yuv_scale.py).
 * Output is 0xffRRGGBB words (QImage.Format_RGB32, BGRA in memory on little-endian machines).
 *
 * Built into _framesink.so with framesink.c (build_sink.py). Plain C, no Python headers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SIDE 8192

#if defined(__x86_64__) && defined(__GNUC__)
#define VECTOR_VARIANTS __attribute__((target_clones("avx2", "default")))
#else
#define VECTOR_VARIANTS /* other machines: the compiler's own vectors only */
#endif

void yuv_scale_i420_to_rgb32(const uint8_t *y_plane, int y_pitch, const uint8_t *u_plane, const uint8_t *v_plane,
                             int uv_pitch, int src_w, int src_h, uint32_t *out, int out_pitch_words, int out_w,
                             int out_h);

static inline uint32_t rgb32(int32_t luma, int32_t red, int32_t green, int32_t blue) {
    int32_t r = (luma + red) >> 16, g = (luma + green) >> 16, b = (luma + blue) >> 16;
    r = r < 0 ? 0 : r > 255 ? 255 : r;
    g = g < 0 ? 0 : g > 255 ? 255 : g;
    b = b < 0 ? 0 : b > 255 ? 255 : b;
    return 0xff000000u | (uint32_t)r << 16 | (uint32_t)g << 8 | (uint32_t)b;
}

/* A whole source row, two pixels per chroma sample: plain arithmetic on contiguous arrays, which the compiler
 * turns into vector instructions (SSE2 everywhere; AVX2 where the processor has it, chosen as the library loads).
 * BT.601 scaled by 1 << 16, truncated as swscale does: R = 1.164 (Y - 16) + 1.596 V',
 * G = 1.164 (Y - 16) - 0.391 U' - 0.813 V', B = 1.164 (Y - 16) + 2.018 U', where U' = U - 128 and V' = V - 128. */
VECTOR_VARIANTS
static void convert_row(const uint8_t *restrict ys, const uint8_t *restrict us, const uint8_t *restrict vs,
                        uint32_t *restrict out, int width) {
    int pairs = width / 2;
    for (int c = 0; c < pairs; c++) {
        int32_t u = (int32_t)us[c] - 128, v = (int32_t)vs[c] - 128;
        int32_t red = 104597 * v, green = -25675 * u - 53279 * v, blue = 132201 * u;
        out[2 * c] = rgb32(76309 * ((int32_t)ys[2 * c] - 16), red, green, blue);
        out[2 * c + 1] = rgb32(76309 * ((int32_t)ys[2 * c + 1] - 16), red, green, blue);
    }
    if (width & 1) {
        int32_t u = (int32_t)us[pairs] - 128, v = (int32_t)vs[pairs] - 128;
        out[width - 1] = rgb32(76309 * ((int32_t)ys[width - 1] - 16), 104597 * v, -25675 * u - 53279 * v,
                               132201 * u);
    }
}

/* Each output pixel takes the source pixel under its centre (and that pixel's chroma sample). A source row is
 * converted whole (vectorized), then its pixels under the output's columns are picked (as Qt's scaling picks
 * them): cheaper than gathering three planes' bytes per output pixel. An output row on the same source row as
 * the one before (enlarging) is a copy of it. */
void yuv_scale_i420_to_rgb32(const uint8_t *y_plane, int y_pitch, const uint8_t *u_plane, const uint8_t *v_plane,
                             int uv_pitch, int src_w, int src_h, uint32_t *out, int out_pitch_words, int out_w,
                             int out_h) {
    if (src_w <= 0 || src_h <= 0 || out_w <= 0 || out_h <= 0 || out_w > MAX_SIDE || src_w > MAX_SIDE)
        return;
    int columns[MAX_SIDE];
    uint32_t converted[MAX_SIDE];
    for (int x = 0; x < out_w; x++)
        columns[x] = (int)(((2 * (int64_t)x + 1) * src_w) / (2 * (int64_t)out_w));
    int previous_row = -1;
    for (int row = 0; row < out_h; row++) {
        int source_row = (int)(((2 * (int64_t)row + 1) * src_h) / (2 * (int64_t)out_h));
        uint32_t *line = out + (size_t)row * out_pitch_words;
        if (source_row == previous_row) {
            memcpy(line, line - out_pitch_words, (size_t)out_w * sizeof *line);
            continue;
        }
        previous_row = source_row;
        convert_row(y_plane + (size_t)source_row * y_pitch, u_plane + (size_t)(source_row / 2) * uv_pitch,
                    v_plane + (size_t)(source_row / 2) * uv_pitch, converted, src_w);
        for (int x = 0; x < out_w; x++)
            line[x] = converted[columns[x]];
    }
}
