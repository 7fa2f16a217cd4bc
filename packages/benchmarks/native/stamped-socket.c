/*
 * stamped-socket: TCP client sockets whose received bytes carry the KERNEL's receive time,
 * read by a thread of their own.
 *
 * Why: a load generator that stamps a token when its event loop gets around to reading it
 * measures its own scheduling, not the server. At 1,000 streams paced 10 ms apart a whole
 * burst of tokens lands in the same millisecond and node's net reads them one by one at
 * ~8 us each, so the last ones are stamped several ms late; and whenever JavaScript is busy
 * for longer than one inter-token gap (1,000 requests ending and restarting at once, a GC),
 * consecutive tokens of a stream pile up in the socket and can only be stamped together.
 *
 * Design:
 *  - Every recvmsg() asks for SO_TIMESTAMPNS: the time the kernel queued the data (on
 *    loopback, the moment the server wrote it), however late it is read.
 *  - One reader thread blocks in epoll_wait() on all sockets and reads each one as soon as
 *    it is readable, so tokens do not pile up while JavaScript works. Reads go into one of
 *    two batches (double buffering): bytes into the batch's half of a shared data buffer,
 *    [handle, length, offset, kernel ms, read ms] into its half of a shared Float64Array.
 *  - The thread wakes the event loop with uv_async_send(); on the main thread we swap the
 *    batches under the mutex and call ONE JavaScript function for the full one. JavaScript
 *    parses HTTP and SSE as before. If JavaScript falls a whole batch behind, the thread
 *    waits for it (back-pressure: later reads, reported as read delay).
 *  - connect/send/close run on the main thread under the same mutex.
 *  - On one core the reader competes with JavaScript for the CPU, and at normal priority
 *    the scheduler let it wait up to tens of ms behind a busy event loop (measured: 1-8 %
 *    of tokens then shared a read at 1,024 streams). So it asks for SCHED_FIFO priority 1,
 *    which preempts JavaScript as soon as data arrives; where that is not permitted it runs
 *    at normal priority (fine with a spare core). It sleeps READER_NAP_NS after each pass,
 *    which batches wake-ups and guarantees JavaScript its share of the core.
 *
 * JS API (all times are ms on CLOCK_REALTIME minus the whole second the addon was loaded):
 *   open(data: Uint8Array, meta: Float64Array, onBatch: (first: number, count: number) => void)
 *        -> true when the reader got real-time priority
 *        data and meta are split in two halves, one per batch; records first..first+count-1
 *   connect(ip: string, port: number) -> handle    (numeric IPv4/IPv6; non-blocking)
 *   send(handle, bytes: Uint8Array) -> ms | -errno (queues what the socket does not take)
 *   close(handle)
 *   now() -> ms
 * A record's length is > 0 for data, 0 for end of stream, -errno for an error; after an
 * end or an error the socket is no longer watched and JS closes it.
 */
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include <node_api.h>
#include <uv.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SLOT_BITS 20
#define SLOT_MASK ((1u << SLOT_BITS) - 1u)
#define META_FIELDS 5
#define MAX_EVENTS 1024
#define MAX_READ 65536
#define MIN_READ_SPACE 16384
#define WAKE_TAG UINT64_MAX
#define READER_NAP_NS 500000

typedef struct {
  int fd;
  uint32_t gen;
  int active;   /* slot in use */
  int watched;  /* registered in the epoll set */
  int want_out; /* EPOLLOUT armed (queued bytes) */
  uint8_t *pend;
  size_t pend_len;
  size_t pend_off;
} conn_t;

typedef struct {
  uint8_t *data; /* this batch's half of the data buffer */
  size_t data_base; /* offset of that half in the whole buffer (offsets given to JS are absolute) */
  size_t data_cap;
  size_t used;
  double *meta;
  size_t first; /* index of this batch's first record in the whole meta array */
  size_t cap;
  size_t nrec;
} batch_t;

/* Main thread only. */
static napi_env g_env;
static napi_ref g_cb_ref, g_data_ref, g_meta_ref, g_resource_ref;
static napi_async_context g_async_ctx;
static uv_async_t g_wakeup;
static int g_opened;
static time_t g_base_sec;

/* Shared with the reader thread, under g_mu. */
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_swapped = PTHREAD_COND_INITIALIZER;
static batch_t g_batch[2];
static int g_fill; /* the batch the reader fills */
static int g_stop;
static conn_t *g_conns;
static uint32_t g_nslots, g_cap_slots;
static uint32_t *g_free;
static uint32_t g_nfree;
static int g_open_conns;
static uint64_t g_pushed; /* records pushed so far */

static int g_epfd = -1;
static int g_wake_fd = -1; /* eventfd that wakes the reader for shutdown */
static pthread_t g_reader;

static double ts_ms(const struct timespec *ts) {
  return (double)(ts->tv_sec - g_base_sec) * 1e3 + (double)ts->tv_nsec / 1e6;
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return ts_ms(&ts);
}

static double handle_of(uint32_t slot) { return (double)g_conns[slot].gen * (double)(1u << SLOT_BITS) + slot; }

/* Under g_mu. */
static conn_t *lookup(double handle, uint32_t *slot_out) {
  if (!(handle >= 0)) return NULL;
  uint64_t h = (uint64_t)handle;
  uint32_t slot = (uint32_t)(h & SLOT_MASK);
  uint32_t gen = (uint32_t)(h >> SLOT_BITS);
  if (slot >= g_nslots) return NULL;
  conn_t *c = &g_conns[slot];
  if (!c->active || c->gen != gen) return NULL;
  if (slot_out) *slot_out = slot;
  return c;
}

static napi_value throw_errno(napi_env env, const char *what, int err) {
  char msg[256];
  snprintf(msg, sizeof msg, "%s: %s", what, strerror(err));
  napi_throw_error(env, NULL, msg);
  return NULL;
}

/* Under g_mu. */
static void set_watch(uint32_t slot) {
  conn_t *c = &g_conns[slot];
  if (!c->watched) return;
  struct epoll_event ev;
  memset(&ev, 0, sizeof ev);
  ev.events = EPOLLIN | (c->want_out ? EPOLLOUT : 0);
  ev.data.u64 = (uint64_t)handle_of(slot);
  epoll_ctl(g_epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

/* Under g_mu. */
static void unwatch(conn_t *c) {
  if (!c->watched) return;
  epoll_ctl(g_epfd, EPOLL_CTL_DEL, c->fd, NULL);
  c->watched = 0;
}

/*
 * Under g_mu, reader thread: returns the batch to fill, with room for a record and
 * MIN_READ_SPACE bytes, waiting for the main thread to take the full one if needed.
 * Returns NULL when stopping.
 */
static batch_t *batch_with_room(void) {
  for (;;) {
    if (g_stop) return NULL;
    batch_t *b = &g_batch[g_fill];
    if (b->nrec < b->cap && b->data_cap - b->used >= MIN_READ_SPACE) return b;
    uv_async_send(&g_wakeup);
    pthread_cond_wait(&g_swapped, &g_mu);
  }
}

static void push_record(batch_t *b, double handle, double len, double off, double kts, double rts) {
  double *m = b->meta + b->nrec * META_FIELDS;
  m[0] = handle;
  m[1] = len;
  m[2] = off;
  m[3] = kts;
  m[4] = rts;
  b->nrec++;
  g_pushed++;
}

/* Under g_mu: writes queued bytes; returns 0 or -errno. */
static int flush_pending(conn_t *c) {
  while (c->pend_off < c->pend_len) {
    ssize_t n = send(c->fd, c->pend + c->pend_off, c->pend_len - c->pend_off, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return 0;
      return -errno;
    }
    c->pend_off += (size_t)n;
  }
  free(c->pend);
  c->pend = NULL;
  c->pend_len = c->pend_off = 0;
  return 0;
}

/* Under g_mu, reader thread: one recvmsg() of a readable socket into the filling batch. */
static void read_ready(double handle) {
  batch_t *b = batch_with_room();
  if (!b) return;
  uint32_t slot;
  conn_t *c = lookup(handle, &slot); /* again: the main thread may have closed it while we waited */
  if (!c || !c->watched) return;
  size_t space = b->data_cap - b->used;
  if (space > MAX_READ) space = MAX_READ;
  char control[256];
  struct iovec iov = { b->data + b->used, space };
  struct msghdr msg;
  memset(&msg, 0, sizeof msg);
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  ssize_t n = recvmsg(c->fd, &msg, MSG_DONTWAIT);
  double rts = now_ms();
  if (n > 0) {
    double kts = rts;
    for (struct cmsghdr *cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
      if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_TIMESTAMPNS) {
        struct timespec ts;
        memcpy(&ts, CMSG_DATA(cm), sizeof ts);
        kts = ts_ms(&ts);
      }
    }
    push_record(b, handle, (double)n, (double)(b->data_base + b->used), kts, rts);
    b->used += (size_t)n;
  } else if (n == 0) {
    unwatch(c);
    push_record(b, handle, 0, 0, rts, rts);
  } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
    int err = errno;
    unwatch(c);
    push_record(b, handle, -(double)err, 0, rts, rts);
  }
}

static void *reader_main(void *arg) {
  (void)arg;
  static struct epoll_event evs[MAX_EVENTS];
  for (;;) {
    int n = epoll_wait(g_epfd, evs, MAX_EVENTS, -1);
    if (n < 0 && errno != EINTR) break;
    /* The lock is taken per socket, not per pass: the main thread's connect/send/close (15,000 of
       each when a phase starts) wait for one read at most, not for a pass over 1,024 sockets. */
    pthread_mutex_lock(&g_mu);
    int pushed = 0, stop = g_stop; /* the shutdown wake-up may be the only event */
    pthread_mutex_unlock(&g_mu);
    for (int i = 0; i < n && !stop; i++) {
      if (evs[i].data.u64 == WAKE_TAG) continue;
      pthread_mutex_lock(&g_mu);
      if (g_stop) {
        stop = 1;
        pthread_mutex_unlock(&g_mu);
        break;
      }
      uint64_t before = g_pushed;
      double handle = (double)evs[i].data.u64;
      uint32_t slot;
      conn_t *c = lookup(handle, &slot);
      if (c && c->watched) {
        int failed = 0;
        if (evs[i].events & EPOLLOUT) {
          int err = flush_pending(c);
          if (err) {
            failed = 1;
            unwatch(c);
            batch_t *b = batch_with_room();
            if (!b) stop = 1;
            else {
              double t = now_ms();
              push_record(b, handle, (double)err, 0, t, t);
            }
          } else if (!c->pend && c->want_out) {
            c->want_out = 0;
            set_watch(slot);
          }
        }
        if (!failed && !stop && (evs[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP))) read_ready(handle);
      }
      if (g_pushed != before) pushed = 1;
      stop = stop || g_stop;
      pthread_mutex_unlock(&g_mu);
    }
    if (pushed) uv_async_send(&g_wakeup);
    if (stop) break;
    if (n > 0) {
      struct timespec nap = { 0, READER_NAP_NS };
      nanosleep(&nap, NULL);
    }
  }
  return NULL;
}

/* Main thread: hands every full batch to JavaScript. */
static void on_wakeup(uv_async_t *h) {
  (void)h;
  napi_env env = g_env;
  for (int round = 0; round < 4; round++) {
    pthread_mutex_lock(&g_mu);
    int ready = g_fill;
    batch_t *b = &g_batch[ready];
    if (b->nrec == 0) {
      pthread_mutex_unlock(&g_mu);
      return;
    }
    g_fill = 1 - ready; /* the other batch was emptied by the previous round */
    pthread_cond_signal(&g_swapped);
    pthread_mutex_unlock(&g_mu);

    napi_handle_scope scope;
    napi_open_handle_scope(env, &scope);
    napi_value cb, recv, argv[2], result;
    napi_get_reference_value(env, g_cb_ref, &cb);
    napi_get_reference_value(env, g_resource_ref, &recv);
    napi_create_uint32(env, (uint32_t)b->first, &argv[0]);
    napi_create_uint32(env, (uint32_t)b->nrec, &argv[1]);
    napi_status st = napi_make_callback(env, g_async_ctx, recv, cb, 2, argv, &result);
    if (st == napi_pending_exception) {
      napi_value err;
      napi_get_and_clear_last_exception(env, &err);
      napi_fatal_exception(env, err);
    }
    napi_close_handle_scope(env, scope);
    /* Not filled by the reader until the next swap: safe to empty without the lock. */
    b->nrec = 0;
    b->used = 0;
  }
  uv_async_send(&g_wakeup); /* still busy: come back after the loop had its turn */
}

static void update_ref(void) {
  if (g_open_conns > 0) uv_ref((uv_handle_t *)&g_wakeup);
  else uv_unref((uv_handle_t *)&g_wakeup);
}

static void stop_reader(void) {
  pthread_mutex_lock(&g_mu);
  g_stop = 1;
  pthread_cond_broadcast(&g_swapped);
  pthread_mutex_unlock(&g_mu);
  uint64_t one = 1;
  if (write(g_wake_fd, &one, sizeof one) < 0) { /* the reader also stops on its next event */ }
  pthread_join(g_reader, NULL);
}

static napi_value js_open(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (g_opened) {
    if (env != g_env) napi_throw_error(env, NULL, "stamped-socket: already opened by another thread; use it from the main thread only");
    return NULL;
  }
  napi_typedarray_type type;
  size_t len;
  void *data;
  if (argc < 3 || napi_get_typedarray_info(env, argv[0], &type, &len, &data, NULL, NULL) != napi_ok || type != napi_uint8_array) {
    napi_throw_type_error(env, NULL, "open(data: Uint8Array, meta: Float64Array, onBatch: Function)");
    return NULL;
  }
  uint8_t *bytes = data;
  size_t half = len / 2;
  if (half < MIN_READ_SPACE * 2) {
    napi_throw_range_error(env, NULL, "open: the data buffer must hold at least 64 KiB");
    return NULL;
  }
  if (napi_get_typedarray_info(env, argv[1], &type, &len, &data, NULL, NULL) != napi_ok || type != napi_float64_array || len < 2 * META_FIELDS) {
    napi_throw_type_error(env, NULL, "open: meta must be a Float64Array of at least 10 numbers");
    return NULL;
  }
  size_t recs = len / META_FIELDS / 2;
  for (int i = 0; i < 2; i++) {
    g_batch[i] = (batch_t){ bytes + i * half, i * half, half, 0, (double *)data + i * recs * META_FIELDS, i * recs, recs, 0 };
  }
  g_epfd = epoll_create1(EPOLL_CLOEXEC);
  if (g_epfd < 0) return throw_errno(env, "epoll_create1", errno);
  g_wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (g_wake_fd < 0) return throw_errno(env, "eventfd", errno);
  struct epoll_event ev;
  memset(&ev, 0, sizeof ev);
  ev.events = EPOLLIN;
  ev.data.u64 = WAKE_TAG;
  epoll_ctl(g_epfd, EPOLL_CTL_ADD, g_wake_fd, &ev);
  napi_create_reference(env, argv[0], 1, &g_data_ref);
  napi_create_reference(env, argv[1], 1, &g_meta_ref);
  napi_create_reference(env, argv[2], 1, &g_cb_ref);
  napi_value resource, name;
  napi_create_object(env, &resource);
  napi_create_reference(env, resource, 1, &g_resource_ref);
  napi_create_string_utf8(env, "srt:stamped-socket", NAPI_AUTO_LENGTH, &name);
  napi_async_init(env, resource, name, &g_async_ctx);
  struct uv_loop_s *loop;
  napi_get_uv_event_loop(env, &loop);
  uv_async_init(loop, &g_wakeup, on_wakeup);
  g_env = env;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
  pthread_attr_setschedpolicy(&attr, SCHED_FIFO);
  struct sched_param prio = { .sched_priority = 1 };
  pthread_attr_setschedparam(&attr, &prio);
  int realtime = 1;
  int err = pthread_create(&g_reader, &attr, reader_main, NULL);
  pthread_attr_destroy(&attr);
  if (err != 0) { /* EPERM without the right, EINVAL/EAGAIN where real-time scheduling is off */
    realtime = 0;
    err = pthread_create(&g_reader, NULL, reader_main, NULL);
  }
  if (err) return throw_errno(env, "pthread_create", err);
  g_opened = 1;
  update_ref();
  napi_value out;
  napi_get_boolean(env, realtime, &out);
  return out;
}

static napi_value js_connect(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (!g_opened) {
    napi_throw_error(env, NULL, "stamped-socket: call open() first");
    return NULL;
  }
  char ip[64];
  size_t iplen;
  uint32_t port;
  if (argc < 2 || napi_get_value_string_utf8(env, argv[0], ip, sizeof ip, &iplen) != napi_ok ||
      napi_get_value_uint32(env, argv[1], &port) != napi_ok || port == 0 || port > 65535) {
    napi_throw_type_error(env, NULL, "connect(ip: string, port: number)");
    return NULL;
  }
  struct sockaddr_storage ss;
  socklen_t sl;
  memset(&ss, 0, sizeof ss);
  struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
  struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
  if (inet_pton(AF_INET, ip, &a4->sin_addr) == 1) {
    a4->sin_family = AF_INET;
    a4->sin_port = htons((uint16_t)port);
    sl = sizeof *a4;
  } else if (inet_pton(AF_INET6, ip, &a6->sin6_addr) == 1) {
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons((uint16_t)port);
    sl = sizeof *a6;
  } else {
    napi_throw_type_error(env, NULL, "connect: the address must be a numeric IPv4 or IPv6 address (resolve names first)");
    return NULL;
  }
  int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, "socket", errno);
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one) != 0) {
    int err = errno;
    close(fd);
    return throw_errno(env, "setsockopt(SO_TIMESTAMPNS)", err);
  }
  if (connect(fd, (struct sockaddr *)&ss, sl) != 0 && errno != EINPROGRESS) {
    int err = errno;
    close(fd);
    return throw_errno(env, "connect", err);
  }
  pthread_mutex_lock(&g_mu);
  uint32_t slot;
  if (g_nfree > 0) slot = g_free[--g_nfree];
  else {
    if (g_nslots == g_cap_slots) {
      uint32_t cap = g_cap_slots ? g_cap_slots * 2 : 256;
      conn_t *grown = cap > SLOT_MASK + 1 ? NULL : realloc(g_conns, cap * sizeof *grown);
      if (grown) g_conns = grown;
      uint32_t *free_grown = grown ? realloc(g_free, cap * sizeof *free_grown) : NULL;
      if (free_grown) g_free = free_grown;
      if (!grown || !free_grown) {
        pthread_mutex_unlock(&g_mu);
        close(fd);
        napi_throw_range_error(env, NULL, "connect: too many open connections");
        return NULL;
      }
      g_cap_slots = cap;
    }
    slot = g_nslots++;
    g_conns[slot].gen = 0;
  }
  conn_t *c = &g_conns[slot];
  c->fd = fd;
  c->active = 1;
  c->watched = 1;
  c->want_out = 0;
  c->pend = NULL;
  c->pend_len = c->pend_off = 0;
  double handle = handle_of(slot);
  struct epoll_event ev;
  memset(&ev, 0, sizeof ev);
  ev.events = EPOLLIN;
  ev.data.u64 = (uint64_t)handle;
  if (epoll_ctl(g_epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
    int err = errno;
    close(fd);
    c->active = 0;
    c->gen++;
    g_free[g_nfree++] = slot;
    pthread_mutex_unlock(&g_mu);
    return throw_errno(env, "epoll_ctl", err);
  }
  g_open_conns++;
  pthread_mutex_unlock(&g_mu);
  update_ref();
  napi_value out;
  napi_create_double(env, handle, &out);
  return out;
}

static napi_value js_send(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  double handle;
  napi_typedarray_type type;
  size_t len;
  void *data;
  if (argc < 2 || napi_get_value_double(env, argv[0], &handle) != napi_ok ||
      napi_get_typedarray_info(env, argv[1], &type, &len, &data, NULL, NULL) != napi_ok || type != napi_uint8_array) {
    napi_throw_type_error(env, NULL, "send(handle: number, bytes: Uint8Array)");
    return NULL;
  }
  pthread_mutex_lock(&g_mu);
  uint32_t slot;
  conn_t *c = lookup(handle, &slot);
  double result = c ? now_ms() : -(double)EBADF;
  /* A socket that ended or failed is no longer watched: its end/error record is on its way. */
  if (c && c->watched) {
    size_t sent = 0;
    if (!c->pend) {
      ssize_t n = send(c->fd, data, len, MSG_NOSIGNAL);
      if (n >= 0) sent = (size_t)n;
      else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) result = -(double)errno;
    }
    if (result >= 0 && sent < len) {
      size_t rest = len - sent;
      uint8_t *grown = realloc(c->pend, c->pend_len - c->pend_off + rest);
      if (!grown) result = -(double)ENOMEM;
      else {
        memmove(grown, grown + c->pend_off, c->pend_len - c->pend_off);
        c->pend_len -= c->pend_off;
        c->pend_off = 0;
        memcpy(grown + c->pend_len, (uint8_t *)data + sent, rest);
        c->pend = grown;
        c->pend_len += rest;
        if (!c->want_out) {
          c->want_out = 1;
          set_watch(slot);
        }
      }
    }
  }
  pthread_mutex_unlock(&g_mu);
  napi_value out;
  napi_create_double(env, result, &out);
  return out;
}

static napi_value js_close(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  double handle;
  if (argc < 1 || napi_get_value_double(env, argv[0], &handle) != napi_ok) return NULL;
  pthread_mutex_lock(&g_mu);
  uint32_t slot;
  conn_t *c = lookup(handle, &slot);
  if (c) {
    unwatch(c);
    close(c->fd);
    free(c->pend);
    c->pend = NULL;
    c->pend_len = c->pend_off = 0;
    c->active = 0;
    c->gen = (c->gen + 1) & ((1u << 30) - 1u);
    g_free[g_nfree++] = slot;
    g_open_conns--;
  }
  pthread_mutex_unlock(&g_mu);
  if (c) update_ref();
  return NULL;
}

static napi_value js_now(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  napi_create_double(env, now_ms(), &out);
  return out;
}

static void cleanup(void *arg) {
  if (!g_opened || (napi_env)arg != g_env) return;
  stop_reader();
  uv_close((uv_handle_t *)&g_wakeup, NULL);
  for (uint32_t i = 0; i < g_nslots; i++)
    if (g_conns[i].active) close(g_conns[i].fd);
  close(g_epfd);
  close(g_wake_fd);
  g_opened = 0;
}

NAPI_MODULE_INIT() {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  if (!g_base_sec) g_base_sec = ts.tv_sec;
  napi_property_descriptor props[] = {
    { "open", NULL, js_open, NULL, NULL, NULL, napi_enumerable, NULL },
    { "connect", NULL, js_connect, NULL, NULL, NULL, napi_enumerable, NULL },
    { "send", NULL, js_send, NULL, NULL, NULL, napi_enumerable, NULL },
    { "close", NULL, js_close, NULL, NULL, NULL, napi_enumerable, NULL },
    { "now", NULL, js_now, NULL, NULL, NULL, napi_enumerable, NULL },
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  napi_add_env_cleanup_hook(env, cleanup, env);
  return exports;
}
