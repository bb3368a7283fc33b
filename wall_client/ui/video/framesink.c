/* libVLC's per-frame video callbacks in C: its decoder threads then never wait for Python's lock.
 *
 * Why (measured, benchmarks/video_wall.py, 16 tiles of 640x360): the same lock/display callbacks in Python
 * cost 1.54x the CPU of a bare libVLC decode, in C 1.34x; and 36 decoder threads taking the GIL 75 times a
 * second each held the GUI thread, which needs it for every paint.
 *
 * The Python side (frame_sink.py) owns the buffers and hands them over in libVLC's format callback (once per
 * stream, in Python); from then on libVLC calls framesink_lock and framesink_display for every picture, and
 * the GUI thread takes the newest one with framesink_take. A display writes to an eventfd the GUI watches,
 * and marks its sink dirty; framesink_collect tells the GUI which sinks have news.
 *
 * Built by wall_client/ui/video/build_sink.py (scripts/bootstrap.sh runs it); plain C, no Python headers.
 */
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SINK_BUFFERS 3
#define SINK_PLANES 3

typedef struct {
    /* Read by Python through ctypes (frame_sink.py mirrors this part of the layout): keep it first. */
    uint64_t frames;       /* new pictures (and, in a still scene, repeats of the last one) */
    uint64_t distinct;     /* pictures that differed from the one before */
    double last_frame_at;  /* CLOCK_MONOTONIC seconds of the newest frame; 0 before the first */
    int32_t still_scene;   /* set by the GUI: the decoder proved a still scene (wall_client/model/still_scene.py) */
    int32_t dirty;         /* a frame came since the last framesink_collect */
    /* Private. */
    int wake_fd;
    unsigned char *buffers[SINK_BUFFERS];
    size_t size;
    size_t plane_offsets[SINK_PLANES]; /* where each plane of a picture starts in its buffer (RV32: one plane) */
    int planes;
    unsigned char *before;  /* the last picture under the previous buffers: a restart may show it again */
    size_t before_size;
    int writing, ready, shown;  /* buffer indexes, -1 for none */
    /* Converting sinks (I420 pictures in): the picture's size and row pitches, and three RGB32 buffers at the size
     * the GUI paints (owned by Python), into which each frame is converted here, on libVLC's thread. */
    int picture_w, picture_h, y_pitch, uv_pitch;
    unsigned char *outputs[SINK_BUFFERS];
    int out_w, out_h, out_ready, out_shown;
    pthread_mutex_t guard;
} framesink;

void yuv_scale_i420_to_rgb32(const uint8_t *y_plane, int y_pitch, const uint8_t *u_plane, const uint8_t *v_plane,
                             int uv_pitch, int src_w, int src_h, uint32_t *out, int out_pitch_words, int out_w,
                             int out_h);

framesink *framesink_new(int wake_fd);
void framesink_free(framesink *sink);
int framesink_set_buffers(framesink *sink, unsigned char **buffers, size_t size, const size_t *plane_offsets,
                          int planes);
void *framesink_lock(void *opaque, void **planes);
void framesink_unlock(void *opaque, void *picture, void *const *planes);
void framesink_display(void *opaque, void *picture);
int framesink_take(framesink *sink, uint64_t *frames);
void framesink_set_picture(framesink *sink, int width, int height, int y_pitch, int uv_pitch);
void framesink_set_outputs(framesink *sink, unsigned char **outputs, int width, int height);
void framesink_set_still(framesink *sink, int still, uint64_t distinct_seen);
int framesink_collect(framesink **sinks, int count, int *dirty);
size_t framesink_public_size(void);

framesink *framesink_new(int wake_fd) {
    framesink *sink = calloc(1, sizeof *sink);
    if (sink == NULL)
        return NULL;
    sink->wake_fd = wake_fd;
    sink->writing = sink->ready = sink->shown = -1;
    sink->out_ready = sink->out_shown = -1;
    pthread_mutex_init(&sink->guard, NULL);
    return sink;
}

void framesink_free(framesink *sink) {
    if (sink == NULL)
        return;
    pthread_mutex_destroy(&sink->guard);
    free(sink);
}

/* New buffers for a new stream or format (libVLC's thread, from Python's format callback): `size` bytes each,
 * holding `planes` planes (1 for RV32, 3 for I420) at `plane_offsets`. The newest picture is kept for
 * comparing: returns 1 when it is in the outgoing buffers, which Python then keeps alive (0: the one kept
 * before, if any, stays, and so must the buffers holding it). */
int framesink_set_buffers(framesink *sink, unsigned char **buffers, size_t size, const size_t *plane_offsets,
                          int planes) {
    if (planes < 1 || planes > SINK_PLANES)
        return -1;
    pthread_mutex_lock(&sink->guard);
    int kept = sink->ready >= 0;
    if (kept) {
        sink->before = sink->buffers[sink->ready];
        sink->before_size = sink->size;
    }
    for (int i = 0; i < SINK_BUFFERS; i++)
        sink->buffers[i] = buffers[i];
    sink->size = size;
    sink->planes = planes;
    for (int i = 0; i < planes; i++)
        sink->plane_offsets[i] = plane_offsets[i];
    sink->writing = sink->ready = sink->shown = -1;
    pthread_mutex_unlock(&sink->guard);
    return kept;
}

/* A buffer that is neither the newest frame nor the one the GUI shows. */
void *framesink_lock(void *opaque, void **planes) {
    framesink *sink = opaque;
    pthread_mutex_lock(&sink->guard);
    int free_one = 0;
    while (free_one == sink->ready || free_one == sink->shown)
        free_one++;
    sink->writing = free_one;
    for (int i = 0; i < sink->planes; i++)
        planes[i] = sink->buffers[free_one] + sink->plane_offsets[i];
    pthread_mutex_unlock(&sink->guard);
    return NULL;
}

/* Nothing to do: the picture is whole once libVLC displays it. (A callback all the same, as libVLC allows
 * NULL but the player has only ever been measured with one.) */
void framesink_unlock(void *opaque, void *picture, void *const *planes) {
    (void)opaque;
    (void)picture;
    (void)planes;
}

static double monotonic_now(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* A converting sink's new frame (under `guard`, so that the GUI's new outputs wait for it: about 0.08 ms for a
 * 472x266 tile): into the output buffer that is neither the newest nor the one the GUI shows. */
static void convert_ready(framesink *sink) {
    int free_one = 0;
    while (free_one == sink->out_ready || free_one == sink->out_shown)
        free_one++;
    const unsigned char *picture = sink->buffers[sink->ready];
    yuv_scale_i420_to_rgb32(picture, sink->y_pitch, picture + sink->plane_offsets[1], picture + sink->plane_offsets[2],
                            sink->uv_pitch, sink->picture_w, sink->picture_h, (uint32_t *)sink->outputs[free_one],
                            sink->out_w, sink->out_w, sink->out_h);
    sink->out_ready = free_one;
}

/* libVLC shows its last picture again every 70-80 ms while no new one comes: the same bytes are no frame,
 * unless the GUI has proven a still scene. Only this thread writes the buffers, so comparing needs no lock. */
void framesink_display(void *opaque, void *picture) {
    (void)picture;
    framesink *sink = opaque;
    unsigned char *written = sink->buffers[sink->writing];
    unsigned char *last = NULL;
    size_t last_size = 0;
    pthread_mutex_lock(&sink->guard);
    if (sink->ready >= 0) {
        last = sink->buffers[sink->ready];
        last_size = sink->size;
    } else {
        last = sink->before;
        last_size = sink->before_size;
    }
    pthread_mutex_unlock(&sink->guard);
    int same = last != NULL && last != written && last_size == sink->size && memcmp(written, last, sink->size) == 0;
    pthread_mutex_lock(&sink->guard);
    if (!same) {
        sink->distinct++;
        sink->still_scene = 0; /* the picture moves: same pictures from now on are redisplays */
    } else if (!sink->still_scene) {
        pthread_mutex_unlock(&sink->guard);
        return; /* the buffer just written is free again */
    }
    sink->ready = sink->writing;
    sink->before = NULL;
    if (sink->outputs[0] != NULL)
        convert_ready(sink);
    sink->frames++;
    sink->last_frame_at = monotonic_now();
    pthread_mutex_unlock(&sink->guard);
    __atomic_store_n(&sink->dirty, 1, __ATOMIC_RELEASE);
    if (sink->wake_fd >= 0) {
        uint64_t one = 1;
        ssize_t ignored = write(sink->wake_fd, &one, sizeof one); /* a full counter means the GUI has news */
        (void)ignored;
    }
}

/* The newest frame's buffer index (or -1), now marked as shown so that libVLC does not write it (a converting
 * sink: the newest output buffer's, which no conversion then writes); and the frame count it goes with. */
int framesink_take(framesink *sink, uint64_t *frames) {
    pthread_mutex_lock(&sink->guard);
    int ready;
    if (sink->outputs[0] != NULL) { /* converting: the newest output buffer */
        ready = sink->out_ready;
        if (ready >= 0)
            sink->out_shown = ready;
    } else {
        ready = sink->ready;
        if (ready >= 0)
            sink->shown = ready;
    }
    *frames = sink->frames;
    pthread_mutex_unlock(&sink->guard);
    return ready;
}

/* An I420 picture's size and row pitches (libVLC's thread, from Python's format callback, before its buffers). */
void framesink_set_picture(framesink *sink, int width, int height, int y_pitch, int uv_pitch) {
    pthread_mutex_lock(&sink->guard);
    sink->picture_w = width;
    sink->picture_h = height;
    sink->y_pitch = y_pitch;
    sink->uv_pitch = uv_pitch;
    pthread_mutex_unlock(&sink->guard);
}

/* Three RGB32 buffers of width x height to convert frames into from the next one on (NULL: stop converting). The
 * ones before may hold the GUI's picture: Python keeps them alive. */
void framesink_set_outputs(framesink *sink, unsigned char **outputs, int width, int height) {
    pthread_mutex_lock(&sink->guard);
    for (int i = 0; i < SINK_BUFFERS; i++)
        sink->outputs[i] = outputs != NULL ? outputs[i] : NULL;
    sink->out_w = width;
    sink->out_h = height;
    sink->out_ready = sink->out_shown = -1;
    pthread_mutex_unlock(&sink->guard);
}

/* Set by the GUI's still-scene check, unless a new picture came since it read `distinct_seen`. */
void framesink_set_still(framesink *sink, int still, uint64_t distinct_seen) {
    pthread_mutex_lock(&sink->guard);
    sink->still_scene = still && sink->distinct == distinct_seen;
    pthread_mutex_unlock(&sink->guard);
}

/* Which of `sinks` had a frame since the last call: their indexes into `dirty`; returns how many. */
int framesink_collect(framesink **sinks, int count, int *dirty) {
    int found = 0;
    for (int i = 0; i < count; i++) {
        if (__atomic_exchange_n(&sinks[i]->dirty, 0, __ATOMIC_ACQ_REL))
            dirty[found++] = i;
    }
    return found;
}

/* For frame_sink.py to check that its mirror of the public fields has the same layout. */
size_t framesink_public_size(void) {
    return offsetof(framesink, wake_fd);
}
