/* One pass from a decoded I420 picture to the RGB32 picture a tile paints, at the tile's size.
 *
 * Why: a 4x4 wall paints 16 pictures of 640x360 into tiles of about 472x266. libVLC's RV32 path converts each
 * whole picture (swscale), copies it into our buffer, and Qt scales it as it paints (nearest pixel): three passes
 * over the big picture. Here the picture stays I420 (1.5 bytes a pixel to copy, not 4) and only the painted
 * pixels are computed, each from the source pixel under its centre: what Qt's scaling showed, in one pass.
 *
 * Colours: ITU-R BT.601, limited range in, full range out, as swscale converts for libVLC when the stream says
 * nothing else (the relay's H.264 streams say nothing); within 2 levels of swscale's own result, as it truncates
 * (tests/wall_client/ui/test_yuv_scale.py).
 * Output is 0xffRRGGBB words (QImage.Format_RGB32, BGRA in memory on little-endian machines).
 *
 * Three ways through a row, fastest first (benchmarks/frame_convert.py has the figures):
 *   - shrinking at most twice or enlarging, on x86-64 with SSSE3: the luma and chroma bytes under 16 output
 *     columns are gathered by byte shuffles and converted at once (`gather_plan`, `gather_row`);
 *   - the same size: the row converted straight into the output (AVX2, else SSE2);
 *   - otherwise: the whole source row converted, then the output's columns picked one by one.
 *
 * Built into _framesink.so with framesink.c (build_sink.py). Plain C, no Python headers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define X86_VECTORS 1 /* SSE2 always; SSSE3 and AVX2 functions chosen when the processor has them */
#endif

#define MAX_SIDE 8192

void yuv_scale_i420_to_rgb32(const uint8_t *y_plane, int y_pitch, const uint8_t *u_plane, const uint8_t *v_plane,
                             int uv_pitch, int src_w, int src_h, uint32_t *out, int out_pitch_words, int out_w,
                             int out_h);

/* ------------------------------------------------------------------------------------------ the arithmetic */

/* BT.601 in 16-bit fixed point with 6 fractional bits, so that eight pixels fit one SSE2 register:
 *   luma  = 1.164 (Y - 16), computed as the high half of (Y * 257) * LUMA_FACTOR, minus LUMA_BIAS;
 *   R = luma + 1.596 V',  G = luma - 0.392 U' - 0.813 V',  B = luma + 2.017 U',  U' = U - 128, V' = V - 128;
 * each sum saturated to 16 bits (blue can pass 32767 only where it clamps to 255 anyway), shifted down, clamped to
 * 0..255: truncated, as swscale does. Studio black (16) is 0 and studio white (235) is 255. The scalar code does
 * the same arithmetic, so the vector and scalar parts of a row agree to the bit. */
#define LUMA_FACTOR 19004 /* 1.164383 * 64 * 65536 / 257, rounded up: white reaches 255 * 64 */
#define LUMA_BIAS 1192    /* 1.164383 * 64 * 16 */
#define RED_FROM_V 102    /* 1.596027 * 64 */
#define GREEN_FROM_U 25   /* 0.391762 * 64 */
#define GREEN_FROM_V 52   /* 0.812968 * 64 */
#define BLUE_FROM_U 129   /* 2.017232 * 64 */

static inline int32_t saturate16(int32_t value) {
    return value < -32768 ? -32768 : value > 32767 ? 32767 : value;
}

static inline uint32_t channel(int32_t luma, int32_t chroma) {
    int32_t level = saturate16(luma + chroma) >> 6;
    return (uint32_t)(level < 0 ? 0 : level > 255 ? 255 : level);
}

static inline uint32_t pixel(uint8_t y, uint8_t u_byte, uint8_t v_byte) {
    int32_t luma = (int32_t)(((uint32_t)y * 257u * LUMA_FACTOR) >> 16) - LUMA_BIAS;
    int32_t u = (int32_t)u_byte - 128, v = (int32_t)v_byte - 128;
    return 0xff000000u | channel(luma, RED_FROM_V * v) << 16 |
           channel(luma, -(GREEN_FROM_U * u + GREEN_FROM_V * v)) << 8 | channel(luma, BLUE_FROM_U * u);
}

/* Pixels [from, width) of a source row, one at a time: a row's tail after the vectors, and other processors. */
static void convert_scalar(const uint8_t *ys, const uint8_t *us, const uint8_t *vs, uint32_t *out, int from,
                           int width) {
    for (int x = from; x < width; x++)
        out[x] = pixel(ys[x], us[x / 2], vs[x / 2]);
}

#ifdef X86_VECTORS
/* Eight pixels' luma from their bytes, each beside itself (Y * 257). */
static inline __m128i luma_of(__m128i y_twice) {
    return _mm_sub_epi16(_mm_mulhi_epu16(y_twice, _mm_set1_epi16((short)LUMA_FACTOR)), _mm_set1_epi16(LUMA_BIAS));
}

/* One channel's 16 levels from 16 lumas and the 16 chroma terms that go with them. */
static inline __m128i levels(__m128i luma_lo, __m128i luma_hi, __m128i term_lo, __m128i term_hi) {
    return _mm_packus_epi16(_mm_srai_epi16(_mm_adds_epi16(luma_lo, term_lo), 6),
                            _mm_srai_epi16(_mm_adds_epi16(luma_hi, term_hi), 6));
}

/* The chroma terms of eight U' and V' (16-bit). */
static inline void terms(__m128i u, __m128i v, __m128i *red, __m128i *green, __m128i *blue) {
    *red = _mm_mullo_epi16(v, _mm_set1_epi16(RED_FROM_V));
    *green = _mm_sub_epi16(_mm_setzero_si128(), _mm_add_epi16(_mm_mullo_epi16(u, _mm_set1_epi16(GREEN_FROM_U)),
                                                              _mm_mullo_epi16(v, _mm_set1_epi16(GREEN_FROM_V))));
    *blue = _mm_mullo_epi16(u, _mm_set1_epi16(BLUE_FROM_U));
}

/* 16 pixels' channels as 16 BGRA words. */
static inline void store_bgra(uint32_t *out, __m128i r, __m128i g, __m128i b) {
    __m128i opaque = _mm_set1_epi8((char)0xff);
    __m128i bg_lo = _mm_unpacklo_epi8(b, g), bg_hi = _mm_unpackhi_epi8(b, g);
    __m128i ra_lo = _mm_unpacklo_epi8(r, opaque), ra_hi = _mm_unpackhi_epi8(r, opaque);
    _mm_storeu_si128((__m128i *)out, _mm_unpacklo_epi16(bg_lo, ra_lo));
    _mm_storeu_si128((__m128i *)(out + 4), _mm_unpackhi_epi16(bg_lo, ra_lo));
    _mm_storeu_si128((__m128i *)(out + 8), _mm_unpacklo_epi16(bg_hi, ra_hi));
    _mm_storeu_si128((__m128i *)(out + 12), _mm_unpackhi_epi16(bg_hi, ra_hi));
}

/* 16 source pixels (16 luma bytes, 8 of each chroma: a sample serves two pixels side by side). */
static inline void convert16(const uint8_t *ys, const uint8_t *us, const uint8_t *vs, uint32_t *out) {
    const __m128i zero = _mm_setzero_si128(), half = _mm_set1_epi16(128);
    __m128i y = _mm_loadu_si128((const __m128i *)ys);
    __m128i u = _mm_sub_epi16(_mm_unpacklo_epi8(_mm_loadl_epi64((const __m128i *)us), zero), half);
    __m128i v = _mm_sub_epi16(_mm_unpacklo_epi8(_mm_loadl_epi64((const __m128i *)vs), zero), half);
    __m128i luma_lo = luma_of(_mm_unpacklo_epi8(y, y)), luma_hi = luma_of(_mm_unpackhi_epi8(y, y));
    __m128i red, green, blue;
    terms(u, v, &red, &green, &blue);
#define PAIRED(term) levels(luma_lo, luma_hi, _mm_unpacklo_epi16(term, term), _mm_unpackhi_epi16(term, term))
    store_bgra(out, PAIRED(red), PAIRED(green), PAIRED(blue));
#undef PAIRED
}

/* 32 source pixels in AVX2's 256-bit registers, the same arithmetic. AVX2 unpacks bytes within each 128-bit half,
 * so the luma halves hold pixels 0-7 and 16-23 (low) and 8-15 and 24-31 (high); widening the chroma bytes (which
 * crosses halves) and duplicating them within halves lines them up with those, packing gives the channels back in
 * order, and only the last interleave needs a swap of halves before the stores. */
__attribute__((target("avx2"))) static void convert_row_avx2(const uint8_t *ys, const uint8_t *us, const uint8_t *vs,
                                                             uint32_t *out, int width) {
    const __m256i half = _mm256_set1_epi16(128), zero = _mm256_setzero_si256();
    const __m256i factor = _mm256_set1_epi16((short)LUMA_FACTOR), bias = _mm256_set1_epi16(LUMA_BIAS);
    const __m256i opaque = _mm256_set1_epi8((char)0xff);
    int x = 0;
    for (; x + 32 <= width; x += 32) {
        __m256i y = _mm256_loadu_si256((const __m256i *)(ys + x));
        __m256i u = _mm256_sub_epi16(_mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(us + x / 2))), half);
        __m256i v = _mm256_sub_epi16(_mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(vs + x / 2))), half);
        __m256i luma_lo = _mm256_sub_epi16(_mm256_mulhi_epu16(_mm256_unpacklo_epi8(y, y), factor), bias);
        __m256i luma_hi = _mm256_sub_epi16(_mm256_mulhi_epu16(_mm256_unpackhi_epi8(y, y), factor), bias);
        __m256i red = _mm256_mullo_epi16(v, _mm256_set1_epi16(RED_FROM_V));
        __m256i green = _mm256_sub_epi16(zero, _mm256_add_epi16(_mm256_mullo_epi16(u, _mm256_set1_epi16(GREEN_FROM_U)),
                                                                _mm256_mullo_epi16(v, _mm256_set1_epi16(GREEN_FROM_V))));
        __m256i blue = _mm256_mullo_epi16(u, _mm256_set1_epi16(BLUE_FROM_U));
#define LEVELS(term)                                                                                              \
    _mm256_packus_epi16(_mm256_srai_epi16(_mm256_adds_epi16(luma_lo, _mm256_unpacklo_epi16(term, term)), 6),     \
                        _mm256_srai_epi16(_mm256_adds_epi16(luma_hi, _mm256_unpackhi_epi16(term, term)), 6))
        __m256i r = LEVELS(red), g = LEVELS(green), b = LEVELS(blue);
#undef LEVELS
        __m256i bg_lo = _mm256_unpacklo_epi8(b, g), bg_hi = _mm256_unpackhi_epi8(b, g);
        __m256i ra_lo = _mm256_unpacklo_epi8(r, opaque), ra_hi = _mm256_unpackhi_epi8(r, opaque);
        __m256i p0 = _mm256_unpacklo_epi16(bg_lo, ra_lo), p1 = _mm256_unpackhi_epi16(bg_lo, ra_lo); /* 0-3|16-19, 4-7|20-23 */
        __m256i p2 = _mm256_unpacklo_epi16(bg_hi, ra_hi), p3 = _mm256_unpackhi_epi16(bg_hi, ra_hi); /* 8-11|24-27, 12-15|28-31 */
        _mm256_storeu_si256((__m256i *)(out + x), _mm256_permute2x128_si256(p0, p1, 0x20));
        _mm256_storeu_si256((__m256i *)(out + x + 8), _mm256_permute2x128_si256(p2, p3, 0x20));
        _mm256_storeu_si256((__m256i *)(out + x + 16), _mm256_permute2x128_si256(p0, p1, 0x31));
        _mm256_storeu_si256((__m256i *)(out + x + 24), _mm256_permute2x128_si256(p2, p3, 0x31));
    }
    /* Clean upper halves before SSE code runs again: without this (GCC left it out before the tail call) the
     * caller's next SSE instructions stalled, doubling the time of a row (measured here, perf). */
    _mm256_zeroupper();
    for (; x + 16 <= width; x += 16)
        convert16(ys + x, us + x / 2, vs + x / 2, out + x);
    convert_scalar(ys, us, vs, out, x, width);
}
#endif

/* A whole source row: 32 pixels at a time with AVX2, else 16 with SSE2, the rest one by one. */
static void convert_row(const uint8_t *ys, const uint8_t *us, const uint8_t *vs, uint32_t *out, int width) {
    int x = 0;
#ifdef X86_VECTORS
    if (__builtin_cpu_supports("avx2")) {
        convert_row_avx2(ys, us, vs, out, width);
        return;
    }
    for (; x + 16 <= width; x += 16)
        convert16(ys + x, us + x / 2, vs + x / 2, out + x);
#endif
    convert_scalar(ys, us, vs, out, x, width);
}

/* ---------------------------------------------------------------------------- gathered by shuffles (SSSE3) */

#ifdef X86_VECTORS
/* 16 output columns: their luma bytes lie in a window of 32 source bytes and their chroma bytes in one of 16 (when
 * the picture shrinks at most twice, or grows). The last group of a row is placed to end at the row's last column
 * (it may overlap the one before, which then gets the same pixels twice). */
typedef struct {
    __m128i luma_first, luma_second; /* pshufb masks over the luma window's bytes 0-15 and 16-31 (0x80: none) */
    __m128i chroma;                  /* over the chroma window's bytes 0-15 */
    int column;                      /* the group's first output column */
    int luma_start, chroma_start;    /* the windows' first source bytes */
} gather_group;

/* Source bytes a window may read past a row's last pixel: such reads are served from a padded copy of the row's
 * end instead (a plane's last row may end its buffer). */
#define LUMA_WINDOW 32
#define CHROMA_WINDOW 16

/* The plan for `columns`, or NULL: fewer than 16 columns, a row narrower than two windows, a picture shrunk more
 * than twice, or no memory. */
static gather_group *gather_plan(const int *columns, int out_w, int src_w, int *groups_out) {
    if (out_w < 16 || src_w < 2 * LUMA_WINDOW)
        return NULL;
    int groups = (out_w + 15) / 16;
    gather_group *plan = aligned_alloc(16, (size_t)groups * sizeof *plan);
    if (plan == NULL)
        return NULL;
    for (int g = 0; g < groups; g++) {
        gather_group *group = &plan[g];
        group->column = g + 1 < groups ? 16 * g : out_w - 16;
        group->luma_start = columns[group->column];
        group->chroma_start = group->luma_start / 2;
        uint8_t first[16], second[16], chroma[16];
        for (int i = 0; i < 16; i++) {
            int luma = columns[group->column + i] - group->luma_start;
            int chroma_offset = columns[group->column + i] / 2 - group->chroma_start;
            if (luma >= LUMA_WINDOW || chroma_offset >= CHROMA_WINDOW) {
                free(plan);
                return NULL;
            }
            first[i] = luma < 16 ? (uint8_t)luma : 0x80;
            second[i] = luma < 16 ? 0x80 : (uint8_t)(luma - 16);
            chroma[i] = (uint8_t)chroma_offset;
        }
        memcpy(&group->luma_first, first, 16);
        memcpy(&group->luma_second, second, 16);
        memcpy(&group->chroma, chroma, 16);
    }
    *groups_out = groups;
    return plan;
}

/* One output row from one source row, 16 columns at a time. */
__attribute__((target("ssse3"))) static void gather_row(const uint8_t *ys, const uint8_t *us, const uint8_t *vs,
                                                        int src_w, const gather_group *plan, int groups,
                                                        uint32_t *line) {
    /* The row's last bytes, padded, for the windows that would read past its end. */
    int chroma_w = (src_w + 1) / 2;
    int luma_tail = src_w - 2 * LUMA_WINDOW, chroma_tail = chroma_w - 2 * CHROMA_WINDOW;
    uint8_t tail_y[3 * LUMA_WINDOW] = {0}, tail_u[3 * CHROMA_WINDOW] = {0}, tail_v[3 * CHROMA_WINDOW] = {0};
    memcpy(tail_y, ys + luma_tail, 2 * LUMA_WINDOW);
    memcpy(tail_u, us + chroma_tail, 2 * CHROMA_WINDOW);
    memcpy(tail_v, vs + chroma_tail, 2 * CHROMA_WINDOW);
    const __m128i zero = _mm_setzero_si128(), half = _mm_set1_epi16(128);
    for (int g = 0; g < groups; g++) {
        const gather_group *group = &plan[g];
        const uint8_t *luma = ys + group->luma_start, *u_bytes = us + group->chroma_start,
                      *v_bytes = vs + group->chroma_start;
        if (group->luma_start + LUMA_WINDOW > src_w || group->chroma_start + CHROMA_WINDOW > chroma_w) {
            luma = tail_y + (group->luma_start - luma_tail);
            u_bytes = tail_u + (group->chroma_start - chroma_tail);
            v_bytes = tail_v + (group->chroma_start - chroma_tail);
        }
        __m128i y = _mm_or_si128(_mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)luma), group->luma_first),
                                 _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(luma + 16)), group->luma_second));
        __m128i u = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)u_bytes), group->chroma);
        __m128i v = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)v_bytes), group->chroma);
        __m128i luma_lo = luma_of(_mm_unpacklo_epi8(y, y)), luma_hi = luma_of(_mm_unpackhi_epi8(y, y));
        __m128i red_lo, green_lo, blue_lo, red_hi, green_hi, blue_hi;
        terms(_mm_sub_epi16(_mm_unpacklo_epi8(u, zero), half), _mm_sub_epi16(_mm_unpacklo_epi8(v, zero), half),
              &red_lo, &green_lo, &blue_lo);
        terms(_mm_sub_epi16(_mm_unpackhi_epi8(u, zero), half), _mm_sub_epi16(_mm_unpackhi_epi8(v, zero), half),
              &red_hi, &green_hi, &blue_hi);
        store_bgra(line + group->column, levels(luma_lo, luma_hi, red_lo, red_hi),
                   levels(luma_lo, luma_hi, green_lo, green_hi), levels(luma_lo, luma_hi, blue_lo, blue_hi));
    }
}
#endif

/* -------------------------------------------------------------------------------------------- the picture */

/* Each output pixel takes the source pixel under its centre (and that pixel's chroma sample), as Qt's scaling
 * picks them. An output row on the same source row as the one before (enlarging) is a copy of it. */
void yuv_scale_i420_to_rgb32(const uint8_t *y_plane, int y_pitch, const uint8_t *u_plane, const uint8_t *v_plane,
                             int uv_pitch, int src_w, int src_h, uint32_t *out, int out_pitch_words, int out_w,
                             int out_h) {
    if (src_w <= 0 || src_h <= 0 || out_w <= 0 || out_h <= 0 || out_w > MAX_SIDE || src_w > MAX_SIDE)
        return;
    int columns[MAX_SIDE];
    uint32_t converted[MAX_SIDE];
    for (int x = 0; x < out_w; x++)
        columns[x] = (int)(((2 * (int64_t)x + 1) * src_w) / (2 * (int64_t)out_w));
    void *plan = NULL;
    int groups = 0;
#ifdef X86_VECTORS
    if (out_w != src_w && __builtin_cpu_supports("ssse3"))
        plan = gather_plan(columns, out_w, src_w, &groups);
#endif
    int previous_row = -1;
    for (int row = 0; row < out_h; row++) {
        int source_row = (int)(((2 * (int64_t)row + 1) * src_h) / (2 * (int64_t)out_h));
        uint32_t *line = out + (size_t)row * out_pitch_words;
        if (source_row == previous_row) {
            memcpy(line, line - out_pitch_words, (size_t)out_w * sizeof *line);
            continue;
        }
        previous_row = source_row;
        const uint8_t *ys = y_plane + (size_t)source_row * y_pitch;
        const uint8_t *us = u_plane + (size_t)(source_row / 2) * uv_pitch;
        const uint8_t *vs = v_plane + (size_t)(source_row / 2) * uv_pitch;
#ifdef X86_VECTORS
        if (plan != NULL) {
            gather_row(ys, us, vs, src_w, plan, groups, line);
            continue;
        }
#endif
        if (out_w == src_w) {
            convert_row(ys, us, vs, line, src_w);
            continue;
        }
        convert_row(ys, us, vs, converted, src_w);
        for (int x = 0; x < out_w; x++)
            line[x] = converted[columns[x]];
    }
    free(plan);
}
