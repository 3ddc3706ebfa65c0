# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False, cdivision=True
"""slalang's compiled event loop for ``simulate``, built as ``slalang_native_sim``.

It runs the general event loop of ``slalang/simulation/engine.py`` (``event_loop``) on C
structs instead of Python tuples, lists and sets: the same events in the same order, the
same float arithmetic in the same order, so the same numbers, digit for digit. Everything
random is drawn before it starts (``engine.draw_routes``) and handed over in flat arrays
(``slalang/simulation/fast/__init__.py`` flattens them and turns the tallies back into a
``RawRun``); the shift calendars stay Python iterators, asked for the next shift as the
Python loop asks. The Python loop is the definition; ``tests/simulation/test_native.py``
compares the two on random policies, scenarios and staffing, and runs wherever a C
compiler is (CI included).

Both heaps order by a unique (float, sequence) key, as the Python loop's tuples do (the
sequence numbers are handed out in the same order), so any correct binary heap pops the
same events in the same order. A NaN would compare differently here than in a Python tuple;
``fast.supports`` keeps such runs in Python.

Each routine here mirrors one definition in ``slalang/simulation/engine.py`` (change both together):

==============================  ==================================================================
this module                     the reference it mirrors (in ``engine.event_loop``)
==============================  ==================================================================
``Loop.__init__``               the state set up before the loop (free agents, queues, tallies)
``Loop.push_event``, ``pop``    ``heapq.heappush`` / ``heappop`` on the event heap's tuples
``Loop.push_entry``, ``pop``    ``heapq.heappush`` / ``heappop`` on a team's queue
``Loop.reach``                  ``reach``
``Loop.leave_queue``            ``leave_queue``
``Loop.take_next``              ``take_next``
``Loop.run`` (shifts)           the first shift change of each team (``raw.team_shifts``)
``Loop.run`` (the loop)         the ``while True`` loop: FINISH, OPEN, CLOSE, ABANDON, arrivals
``pending`` and ``dead`` flags  the sets ``pending`` and ``dead`` (by sequence number)
==============================  ==================================================================
"""

from cpython.exc cimport PyErr_CheckSignals
from libc.stdint cimport int32_t, int64_t, uint8_t
from libc.stdlib cimport free, malloc, realloc
from libc.string cimport memset
cimport cython

import numpy as np

ABI = 1
"""Bumped whenever the interface with ``slalang.simulation.fast`` (``__init__.py``) changes."""

cdef double INF = float("inf")

cdef enum:
    FINISH = 0
    OPEN = 1
    CLOSE = 2
    ABANDON = 3

cdef enum:
    PENDING = 1  # in ``pending``: queued with patience, neither started nor abandoned
    DEAD = 2  # in ``dead``: abandoned, still sitting in its team's queue


ctypedef struct Event:
    # the Python loop's tuples: FINISH (t, seq, kind, q, rid, j, step),
    # OPEN (t, seq, kind, q, close), CLOSE (t, seq, kind, q),
    # ABANDON (t, seq, kind, q, entry, rid, j, enqueued)
    double t
    int64_t seq
    int64_t j
    int64_t entry
    double x  # OPEN: when the shift closes; ABANDON: when the piece was enqueued
    int32_t kind
    int32_t q
    int32_t rid
    int32_t step


ctypedef struct Entry:
    # a team's queue entry, (deadline, seq, rid, j, step, enqueued) in the Python loop
    double deadline
    int64_t seq
    double enqueued
    int64_t j
    int32_t rid
    int32_t step


ctypedef struct Queue:
    Entry* data
    Py_ssize_t size, capacity


ctypedef struct Log:
    # a team's enq_log and wait_log, side by side
    double* enqueued
    double* waits
    Py_ssize_t size, capacity


cdef inline bint event_before(Event* a, Event* b) noexcept nogil:
    return a.t < b.t or (a.t == b.t and a.seq < b.seq)


cdef inline bint entry_before(Entry* a, Entry* b) noexcept nogil:
    return a.deadline < b.deadline or (a.deadline == b.deadline and a.seq < b.seq)


@cython.final
cdef class Loop:
    """One run of the event loop over flat arrays (see ``fast.event_loop`` for their layout)."""

    # what was drawn, read only
    cdef const int64_t[::1] step_team  # per flat step (route rid's steps from step_start[rid]): its team
    cdef const int64_t[::1] step_start  # per route
    cdef const int64_t[::1] last_step  # per route
    cdef const int64_t[::1] service_start  # per flat step: where its handling times start in service
    cdef const double[::1] service
    cdef const int64_t[::1] patience_start  # per flat step: where its patience times start, or -1
    cdef const double[::1] patience
    cdef const int64_t[::1] ticket_start  # per route: where its tickets start in deadline/stop/abandoned
    cdef const double[::1] deadline
    cdef const int64_t[::1] stream_start  # per stream: where its route ids start in stream_routes
    cdef const int64_t[::1] stream_routes
    # what happened, written
    cdef double[::1] stop
    cdef uint8_t[::1] abandoned
    # per team
    cdef int n_teams
    cdef int64_t* free
    cdef bint* on_shift
    cdef Queue* queues
    cdef int64_t* qlen
    cdef double* area
    cdef double* last_change
    cdef Log* logs
    cdef double* busy
    cdef int64_t* immediate
    cdef int64_t* abandoned_count
    # the future events, the sequence flags, the counters
    cdef Event* heap
    cdef Py_ssize_t heap_size, heap_capacity
    cdef uint8_t* flags
    cdef int64_t flags_capacity
    cdef int64_t n_pending, n_dead
    cdef int64_t seq
    cdef int64_t outstanding
    cdef readonly double t

    def __cinit__(self, int64_t[::1] agents, *args):
        cdef int n = agents.shape[0]
        cdef int q
        self.n_teams = n
        self.free = <int64_t*>malloc(max(n, 1) * sizeof(int64_t))
        self.on_shift = <bint*>malloc(max(n, 1) * sizeof(bint))
        self.queues = <Queue*>malloc(max(n, 1) * sizeof(Queue))
        self.qlen = <int64_t*>malloc(max(n, 1) * sizeof(int64_t))
        self.area = <double*>malloc(max(n, 1) * sizeof(double))
        self.last_change = <double*>malloc(max(n, 1) * sizeof(double))
        self.logs = <Log*>malloc(max(n, 1) * sizeof(Log))
        self.busy = <double*>malloc(max(n, 1) * sizeof(double))
        self.immediate = <int64_t*>malloc(max(n, 1) * sizeof(int64_t))
        self.abandoned_count = <int64_t*>malloc(max(n, 1) * sizeof(int64_t))
        self.heap_capacity = 64
        self.heap = <Event*>malloc(self.heap_capacity * sizeof(Event))
        self.flags_capacity = 1024
        self.flags = <uint8_t*>malloc(self.flags_capacity)
        if (self.free == NULL or self.on_shift == NULL or self.queues == NULL or self.qlen == NULL
                or self.area == NULL or self.last_change == NULL or self.logs == NULL or self.busy == NULL
                or self.immediate == NULL or self.abandoned_count == NULL or self.heap == NULL or self.flags == NULL):
            raise MemoryError()
        memset(self.flags, 0, self.flags_capacity)
        for q in range(n):
            self.free[q] = agents[q]
            self.on_shift[q] = True
            self.queues[q].data = NULL
            self.queues[q].size = 0
            self.queues[q].capacity = 0
            self.qlen[q] = 0
            self.area[q] = 0.0
            self.last_change[q] = 0.0
            self.logs[q].enqueued = NULL
            self.logs[q].waits = NULL
            self.logs[q].size = 0
            self.logs[q].capacity = 0
            self.busy[q] = 0.0
            self.immediate[q] = 0
            self.abandoned_count[q] = 0

    def __init__(self, int64_t[::1] agents, const int64_t[::1] step_team, const int64_t[::1] step_start,
                 const int64_t[::1] last_step, const int64_t[::1] service_start, const double[::1] service,
                 const int64_t[::1] patience_start, const double[::1] patience, const int64_t[::1] ticket_start,
                 const double[::1] deadline, const int64_t[::1] stream_start, const int64_t[::1] stream_routes,
                 double[::1] stop, uint8_t[::1] abandoned):
        self.step_team = step_team
        self.step_start = step_start
        self.last_step = last_step
        self.service_start = service_start
        self.service = service
        self.patience_start = patience_start
        self.patience = patience
        self.ticket_start = ticket_start
        self.deadline = deadline
        self.stream_start = stream_start
        self.stream_routes = stream_routes
        self.stop = stop
        self.abandoned = abandoned
        self.heap_size = 0
        self.n_pending = self.n_dead = 0
        self.seq = 0
        self.outstanding = 0
        self.t = 0.0

    def __dealloc__(self):
        cdef int q
        if self.queues != NULL:
            for q in range(self.n_teams):
                free(self.queues[q].data)
        if self.logs != NULL:
            for q in range(self.n_teams):
                free(self.logs[q].enqueued)
                free(self.logs[q].waits)
        free(self.free)
        free(self.on_shift)
        free(self.queues)
        free(self.qlen)
        free(self.area)
        free(self.last_change)
        free(self.logs)
        free(self.busy)
        free(self.immediate)
        free(self.abandoned_count)
        free(self.heap)
        free(self.flags)

    # --- the heaps: heapq's sift-down / sift-up on structs ------------------------------

    cdef int push_event(self, double t, int64_t seq, int32_t kind, int32_t q, int32_t rid, int64_t j,
                        int32_t step, int64_t entry, double x) except -1:
        cdef Event* grown
        cdef Event item
        cdef Py_ssize_t pos, parent
        if self.heap_size == self.heap_capacity:
            grown = <Event*>realloc(self.heap, 2 * self.heap_capacity * sizeof(Event))
            if grown == NULL:
                raise MemoryError()
            self.heap = grown
            self.heap_capacity *= 2
        item.t = t
        item.seq = seq
        item.kind = kind
        item.q = q
        item.rid = rid
        item.j = j
        item.step = step
        item.entry = entry
        item.x = x
        pos = self.heap_size
        self.heap_size += 1
        while pos > 0:
            parent = (pos - 1) >> 1
            if event_before(&item, &self.heap[parent]):
                self.heap[pos] = self.heap[parent]
                pos = parent
            else:
                break
        self.heap[pos] = item
        return 0

    cdef Event pop_event(self) noexcept:
        cdef Event top = self.heap[0]
        cdef Event last
        cdef Py_ssize_t n, pos, child
        self.heap_size -= 1
        n = self.heap_size
        if n == 0:
            return top
        last = self.heap[n]
        pos = 0
        child = 1
        while child < n:
            if child + 1 < n and event_before(&self.heap[child + 1], &self.heap[child]):
                child += 1
            if event_before(&self.heap[child], &last):
                self.heap[pos] = self.heap[child]
                pos = child
                child = 2 * pos + 1
            else:
                break
        self.heap[pos] = last
        return top

    cdef int push_entry(self, int q, double deadline, int64_t seq, int32_t rid, int64_t j, int32_t step,
                        double enqueued) except -1:
        cdef Queue* queue = &self.queues[q]
        cdef Entry* grown
        cdef Entry item
        cdef Py_ssize_t pos, parent, capacity
        if queue.size == queue.capacity:
            capacity = 2 * queue.capacity if queue.capacity else 64
            grown = <Entry*>realloc(queue.data, capacity * sizeof(Entry))
            if grown == NULL:
                raise MemoryError()
            queue.data = grown
            queue.capacity = capacity
        item.deadline = deadline
        item.seq = seq
        item.rid = rid
        item.j = j
        item.step = step
        item.enqueued = enqueued
        pos = queue.size
        queue.size += 1
        while pos > 0:
            parent = (pos - 1) >> 1
            if entry_before(&item, &queue.data[parent]):
                queue.data[pos] = queue.data[parent]
                pos = parent
            else:
                break
        queue.data[pos] = item
        return 0

    cdef Entry pop_entry(self, int q) noexcept:
        cdef Queue* queue = &self.queues[q]
        cdef Entry top = queue.data[0]
        cdef Entry last
        cdef Py_ssize_t n, pos, child
        queue.size -= 1
        n = queue.size
        if n == 0:
            return top
        last = queue.data[n]
        pos = 0
        child = 1
        while child < n:
            if child + 1 < n and entry_before(&queue.data[child + 1], &queue.data[child]):
                child += 1
            if entry_before(&queue.data[child], &last):
                queue.data[pos] = queue.data[child]
                pos = child
                child = 2 * pos + 1
            else:
                break
        queue.data[pos] = last
        return top

    cdef int flag(self, int64_t seq, uint8_t bit) except -1:
        """Set a flag of a sequence number, growing the flags as the numbers grow."""
        cdef int64_t capacity = self.flags_capacity
        cdef uint8_t* grown
        if seq >= capacity:
            while seq >= capacity:
                capacity *= 2
            grown = <uint8_t*>realloc(self.flags, capacity)
            if grown == NULL:
                raise MemoryError()
            memset(grown + self.flags_capacity, 0, capacity - self.flags_capacity)
            self.flags = grown
            self.flags_capacity = capacity
        self.flags[seq] |= bit
        return 0

    cdef inline bint flagged(self, int64_t seq, uint8_t bit) noexcept:
        return seq < self.flags_capacity and (self.flags[seq] & bit) != 0

    # --- a piece reaching a team, leaving its queue, an agent taking the next one ---------

    cdef int reach(self, int q, int32_t rid, int64_t j, int32_t step, double t) except -1:
        cdef int64_t at = self.step_start[rid] + step
        cdef int64_t patience_at
        cdef double service
        self.outstanding += 1
        if self.on_shift[q] and self.free[q]:
            self.free[q] -= 1
            self.immediate[q] += 1
            service = self.service[self.service_start[at] + j]
            self.busy[q] += service
            self.push_event(t + service, self.seq, FINISH, q, rid, j, step, 0, 0.0)
            self.seq += 1
            return 0
        self.area[q] += self.qlen[q] * (t - self.last_change[q])
        self.last_change[q] = t
        self.qlen[q] += 1
        self.push_entry(q, self.deadline[self.ticket_start[rid] + j], self.seq, rid, j, step, t)
        patience_at = self.patience_start[at]
        if patience_at >= 0:
            self.flag(self.seq, PENDING)
            self.n_pending += 1
            self.push_event(t + self.patience[patience_at + j], self.seq + 1, ABANDON, q, rid, j, 0, self.seq, t)
            self.seq += 1
        self.seq += 1
        return 0

    cdef int leave_queue(self, int q, double t, double enqueued) except -1:
        cdef Log* log = &self.logs[q]
        cdef Py_ssize_t capacity
        cdef double* grown_enqueued
        cdef double* grown_waits
        self.area[q] += self.qlen[q] * (t - self.last_change[q])
        self.last_change[q] = t
        self.qlen[q] -= 1
        if log.size == log.capacity:
            capacity = 2 * log.capacity if log.capacity else 256
            grown_enqueued = <double*>realloc(log.enqueued, capacity * sizeof(double))
            if grown_enqueued == NULL:
                raise MemoryError()
            log.enqueued = grown_enqueued
            grown_waits = <double*>realloc(log.waits, capacity * sizeof(double))
            if grown_waits == NULL:
                raise MemoryError()
            log.waits = grown_waits
            log.capacity = capacity
        log.enqueued[log.size] = enqueued
        log.waits[log.size] = t - enqueued
        log.size += 1
        return 0

    cdef int take_next(self, int q, double t) except -1:
        """1 when a free agent of team ``q`` took the waiting piece with the earliest deadline,
        0 when none waits."""
        cdef Entry entry
        cdef double service
        while self.qlen[q]:
            entry = self.pop_entry(q)
            if self.n_dead and self.flagged(entry.seq, DEAD):
                self.flags[entry.seq] &= ~DEAD
                self.n_dead -= 1
                continue
            self.leave_queue(q, t, entry.enqueued)
            if self.n_pending and self.flagged(entry.seq, PENDING):
                self.flags[entry.seq] &= ~PENDING
                self.n_pending -= 1
            service = self.service[self.service_start[self.step_start[entry.rid] + entry.step] + entry.j]
            self.busy[q] += service
            self.push_event(t + service, self.seq, FINISH, q, entry.rid, entry.j, entry.step, 0, 0.0)
            self.seq += 1
            return 1
        return 0

    # --- the loop --------------------------------------------------------------------------

    def run(self, const double[::1] arr_t, const int64_t[::1] arr_s, const int64_t[::1] arr_j, double horizon_s,
            double drain_until_s, list shifts, progress, int64_t progress_every):
        """Run to the end; ``self.t`` is then the instant of the last event handled."""
        cdef Py_ssize_t n_arrivals = arr_t.shape[0]
        cdef Py_ssize_t ai = 0
        cdef double next_arrival = arr_t[0] if n_arrivals else INF
        cdef double t = 0.0
        cdef Event event
        cdef int q
        cdef int32_t rid, step
        cdef int64_t j, s, r
        cdef bint has_progress = progress is not None
        for q in range(self.n_teams):  # the first shift change of each team not always open
            if shifts[q] is None:
                continue
            first = next(shifts[q], None)
            self.on_shift[q] = first is not None and first[0] <= 0
            if first is not None:
                if self.on_shift[q]:
                    self.push_event(float(first[1]), self.seq, CLOSE, q, 0, 0, 0, 0, 0.0)
                else:
                    self.push_event(float(first[0]), self.seq, OPEN, q, 0, 0, 0, 0, float(first[1]))
                self.seq += 1
        while True:
            if self.heap_size and self.heap[0].t <= next_arrival:
                if ai >= n_arrivals and (self.outstanding == 0 or self.heap[0].t > drain_until_s):
                    break  # only shift changes are left, or work stuck where no agent ever comes
                event = self.pop_event()
                t = event.t
                if event.kind == FINISH:  # the next team of a via chain takes over, or the metric stops
                    q = event.q
                    rid = event.rid
                    self.outstanding -= 1
                    if event.step != self.last_step[rid]:
                        self.reach(<int>self.step_team[self.step_start[rid] + event.step + 1], rid, event.j,
                                   event.step + 1, t)
                    else:
                        self.stop[self.ticket_start[rid] + event.j] = t
                    if not (self.qlen[q] and self.on_shift[q] and self.take_next(q, t)):
                        self.free[q] += 1
                elif event.kind == OPEN:
                    q = event.q
                    self.on_shift[q] = True
                    self.push_event(event.x, self.seq, CLOSE, q, 0, 0, 0, 0, 0.0)
                    self.seq += 1
                    while self.free[q] and self.take_next(q, t):
                        self.free[q] -= 1
                elif event.kind == CLOSE:
                    q = event.q
                    self.on_shift[q] = False  # agents finish the piece in hand, then stop
                    following = next(shifts[q], None)
                    if following is not None:
                        self.push_event(float(following[0]), self.seq, OPEN, q, 0, 0, 0, 0, float(following[1]))
                        self.seq += 1
                else:  # ABANDON, unless the piece started before its patience ran out
                    if self.n_pending and self.flagged(event.entry, PENDING):
                        q = event.q
                        self.flags[event.entry] &= ~PENDING
                        self.n_pending -= 1
                        self.flags[event.entry] |= DEAD
                        self.n_dead += 1
                        self.leave_queue(q, t, event.x)
                        self.outstanding -= 1
                        self.abandoned_count[q] += 1
                        self.abandoned[self.ticket_start[event.rid] + event.j] = 1
            elif ai < n_arrivals:
                if not ai % progress_every:
                    PyErr_CheckSignals()  # Ctrl-C stops a long run here, as it would the Python loop
                    if has_progress:
                        progress(min(1.0, next_arrival / horizon_s) if horizon_s else 1.0)
                t = next_arrival
                s = arr_s[ai]
                j = arr_j[ai]
                ai += 1
                next_arrival = arr_t[ai] if ai < n_arrivals else INF
                for r in range(self.stream_start[s], self.stream_start[s + 1]):
                    rid = <int32_t>self.stream_routes[r]
                    self.reach(<int>self.step_team[self.step_start[rid]], rid, j, 0, t)
            else:
                break
        self.t = t

    # --- the tallies, for ``raw.LoopTally`` -------------------------------------------------

    def team_tallies(self):
        """Per team: (enqueued, waits, immediate, abandoned, busy, area, last change, queue length)."""
        out = []
        cdef int q
        cdef Py_ssize_t k
        cdef double[::1] enqueued, waits
        for q in range(self.n_teams):
            n = self.logs[q].size
            enqueued_array = np.empty(n, dtype=np.float64)
            waits_array = np.empty(n, dtype=np.float64)
            enqueued = enqueued_array
            waits = waits_array
            for k in range(n):
                enqueued[k] = self.logs[q].enqueued[k]
                waits[k] = self.logs[q].waits[k]
            out.append((enqueued_array, waits_array, self.immediate[q], self.abandoned_count[q], self.busy[q],
                        self.area[q], self.last_change[q], self.qlen[q]))
        return out
