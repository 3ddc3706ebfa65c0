# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""slalang's compiled fast path for ``slalang eval`` (JSON Lines out), built as ``slalang_native``.

It does for the common ticket what the Python path does, without making an object per
event, interval or metric (any number of events: its scratch arrays grow with the longest
ticket seen): it validates the decoded ticket, replays its events into C
arrays, cuts each run into counting segments for the batch's vectorised calendar solve
(the same ``batch.solve_runs``), and writes the result line straight into a byte buffer.

It takes only the tickets it can decide exactly as the Python path would: anything else
(an invalid ticket, a field event on a nested path, an SLA with a clock it does not know)
is declined, and ``BatchEvaluator`` evaluates that
ticket in Python. The Python path is the definition, this module a faster way to the same
bytes; ``tests/evaluation/test_native.py`` compares the two on random policies, tickets
and damaged tickets, and runs wherever a C compiler is (CI included).

Each routine here mirrors one definition in ``slalang/evaluation/`` (change both together):

=====================================  ================================================================
this module                            the reference it mirrors
=====================================  ================================================================
``parse_instant``                      ``instants.parse_rfc3339`` (False where it would raise)
``days_from_civil``/``civil_from_days``  ``instants.days_from_civil`` / ``instants.civil_from_days``
``Bytes.put_instant``                  ``instants.format_utc``
``Scanner.take_lines``                  ``ticket_files.split_lines`` and ``decode_item``
``count_newlines``                     ``bytes.count(b"\\n", start, end)`` (``ticket_files.count_newlines``)
``Scanner.take`` (validation)          ``tickets.TicketValidator.validate``
``Scanner._field_change``              ``tickets.field_path`` and ``TicketValidator._field_event``
``Scanner.take`` (the SLA decisions)   ``history.decision_points`` / ``history.decide_slas``
``Scanner._govern``, ``_freeze``       ``rules.Rules.governing`` and its memo key ``rules._freeze``
``value_at``                           ``conditions.lookup`` (``None`` for ``MISSING``)
``sort_stable``                        ``sorted`` on the events' instants (``tickets.TicketValidator``)
``Scanner._paused``                    ``rules.Rules.pauses`` (memoised on the status alone)
``Scanner._replay``                    ``history.replay_under`` (``MetricStops``: stops and cycles)
``track``                              ``history.held_intervals`` (one change)
``union``                              ``history.union``
``Scanner._runs``, ``_run``            ``runs.runs_of``
``Table.add_run``                      ``batch._Group.add_run``
``Scanner._line`` (statuses)           ``runs.run_status``; ``write_next_response``: ``runs.roll_up``
``Scanner._line`` (escalations)        ``escalations.fires`` (``inside``: ``escalations.running_at``)
``Scanner._line`` (what is due next)   ``runs.remaining``, ``escalations.planned_at``, ``runs.next_change``
``Scanner._line`` (the bytes)          ``runs.assemble`` with ``result.JsonResults``, then ``orjson.dumps``
``Shape``, ``SlaShape``                ``clocks.ClockPlan``, ``clocks.SlaPlan``
=====================================  ================================================================
"""

from libc.stdint cimport int64_t
from libc.stdlib cimport free, malloc, realloc
from libc.string cimport memchr, memcpy
from cpython.dict cimport PyDict_GetItem
from cpython.object cimport PyObject
from cpython.ref cimport Py_INCREF
from cpython.tuple cimport PyTuple_New, PyTuple_SET_ITEM
from cpython.unicode cimport PyUnicode_1BYTE_KIND, PyUnicode_DATA, PyUnicode_KIND
cimport cython

import numpy as np
import orjson

ABI = 5
"""Bumped whenever the interface with ``slalang.evaluation.fast`` (``__init__.py``) changes."""

DEF MEMO_LIMIT = 8192
cdef int64_t UNSET = -(1 << 62)  # "None" for an instant
cdef int64_t NEVER = 0x7FFFFFFFFFFFFFFF  # what the calendar solve gives for "no deadline"

cdef enum:
    AGENT = 0
    CUSTOMER = 1
    STATUS = 2  # a status event
    FIELD = 3  # a field event


# --- growable buffers ------------------------------------------------------------------


@cython.final
cdef class Int64s:
    """A growable array of int64."""

    cdef int64_t* data
    cdef Py_ssize_t size, capacity

    def __cinit__(self):
        self.capacity = 256
        self.size = 0
        self.data = <int64_t*>malloc(self.capacity * sizeof(int64_t))
        if self.data == NULL:
            raise MemoryError()

    def __dealloc__(self):
        free(self.data)

    cdef int push(self, int64_t value) except -1:
        cdef int64_t* grown
        if self.size == self.capacity:
            grown = <int64_t*>realloc(self.data, 2 * self.capacity * sizeof(int64_t))
            if grown == NULL:
                raise MemoryError()
            self.data = grown
            self.capacity *= 2
        self.data[self.size] = value
        self.size += 1
        return 0

    def array(self):
        """A numpy int64 copy."""
        out = np.empty(self.size, dtype=np.int64)
        cdef int64_t[::1] view = out
        if self.size:
            memcpy(&view[0], self.data, self.size * sizeof(int64_t))
        return out


@cython.final
cdef class Bytes:
    """A growable byte buffer."""

    cdef char* data
    cdef Py_ssize_t size, capacity

    def __cinit__(self):
        self.capacity = 1 << 16
        self.size = 0
        self.data = <char*>malloc(self.capacity)
        if self.data == NULL:
            raise MemoryError()

    def __dealloc__(self):
        free(self.data)

    cdef int reserve(self, Py_ssize_t more) except -1:
        cdef Py_ssize_t wanted = self.size + more
        cdef char* grown
        if wanted <= self.capacity:
            return 0
        while self.capacity < wanted:
            self.capacity *= 2
        grown = <char*>realloc(self.data, self.capacity)
        if grown == NULL:
            raise MemoryError()
        self.data = grown
        return 0

    cdef int put(self, const char* text, Py_ssize_t length) except -1:
        self.reserve(length)
        memcpy(self.data + self.size, text, length)
        self.size += length
        return 0

    cdef int put_bytes(self, bytes text) except -1:
        return self.put(<const char*>text, len(text))

    cdef bint put_plain_text(self, str text) except -1:
        """``text`` as JSON (``orjson.dumps``) when it is printable ASCII without ``"`` or
        ``\\``, which JSON writes as they are; False, writing nothing, for any other text."""
        cdef Py_ssize_t n = len(text), i
        cdef const unsigned char* chars
        cdef unsigned char c
        if PyUnicode_KIND(text) != PyUnicode_1BYTE_KIND:
            return False
        chars = <const unsigned char*>PyUnicode_DATA(text)
        for i in range(n):
            c = chars[i]
            if c < 32 or c > 126 or c == 34 or c == 92:
                return False
        self.reserve(n + 2)
        self.data[self.size] = 34
        memcpy(self.data + self.size + 1, chars, n)
        self.data[self.size + n + 1] = 34
        self.size += n + 2
        return True

    cdef int put_int(self, int64_t value) except -1:
        cdef char digits[24]
        cdef int n = 0
        cdef bint negative = value < 0
        cdef unsigned long long magnitude = <unsigned long long>(-(value + 1)) + 1 if negative else <unsigned long long>value
        if magnitude == 0:
            return self.put("0", 1)
        while magnitude:
            digits[n] = <char>(48 + magnitude % 10)
            magnitude //= 10
            n += 1
        self.reserve(n + 1)
        if negative:
            self.data[self.size] = 45
            self.size += 1
        while n:
            n -= 1
            self.data[self.size] = digits[n]
            self.size += 1
        return 0

    cdef int put_instant(self, int64_t epoch_s) except -1:
        """``"2026-11-20T15:55:00Z"`` with its quotes (years 0-9999)."""
        cdef int64_t days = epoch_s // 86400
        cdef int64_t second_of_day = epoch_s - days * 86400
        self.reserve(22)
        cdef char* out = self.data + self.size
        out[0] = 34
        memcpy(out + 1, date_text(days), 10)
        out[11] = 84
        cdef int64_t hour = second_of_day // 3600
        cdef int64_t minute = second_of_day // 60 % 60
        cdef int64_t second = second_of_day % 60
        out[12] = <char>(48 + hour // 10)
        out[13] = <char>(48 + hour % 10)
        out[14] = 58
        out[15] = <char>(48 + minute // 10)
        out[16] = <char>(48 + minute % 10)
        out[17] = 58
        out[18] = <char>(48 + second // 10)
        out[19] = <char>(48 + second % 10)
        out[20] = 90
        out[21] = 34
        self.size += 22
        return 0

    cdef int put_optional_instant(self, int64_t epoch_s) except -1:
        if epoch_s == UNSET:
            return self.put("null", 4)
        return self.put_instant(epoch_s)

    cdef bytes take(self):
        out = self.data[: self.size]
        self.size = 0
        return out


# --- instants ----------------------------------------------------------------------------


cdef int64_t DATE_DAYS[1024]  # a direct-mapped memo of ``date_text``: the day held in each slot
cdef char DATE_TEXT[1024][10]
DATE_DAYS[:] = [-(1 << 62)] * 1024


cdef const char* date_text(int64_t days):
    """``2026-11-20`` of a day since 1970-01-01 (years 0-9999), memoised."""
    cdef Py_ssize_t slot = days & 1023
    cdef int64_t year, month, day
    cdef char* out = DATE_TEXT[slot]
    if DATE_DAYS[slot] != days:
        civil_from_days(days, &year, &month, &day)
        out[0] = <char>(48 + year // 1000)
        out[1] = <char>(48 + year // 100 % 10)
        out[2] = <char>(48 + year // 10 % 10)
        out[3] = <char>(48 + year % 10)
        out[4] = 45
        out[5] = <char>(48 + month // 10)
        out[6] = <char>(48 + month % 10)
        out[7] = 45
        out[8] = <char>(48 + day // 10)
        out[9] = <char>(48 + day % 10)
        DATE_DAYS[slot] = days
    return out


cdef inline int64_t days_from_civil(int64_t year, int64_t month, int64_t day):
    year -= month <= 2
    cdef int64_t era = year // 400
    cdef int64_t year_of_era = year - era * 400
    cdef int64_t day_of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    cdef int64_t day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


cdef inline void civil_from_days(int64_t days, int64_t* year, int64_t* month, int64_t* day):
    days += 719468
    cdef int64_t era = days // 146097
    cdef int64_t day_of_era = days - era * 146097
    cdef int64_t year_of_era = (day_of_era - day_of_era // 1460 + day_of_era // 36524 - day_of_era // 146096) // 365
    cdef int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    cdef int64_t mp = (5 * day_of_year + 2) // 153
    day[0] = day_of_year - (153 * mp + 2) // 5 + 1
    month[0] = mp + (3 if mp < 10 else -9)
    year[0] = year_of_era + era * 400 + (month[0] <= 2)


cdef inline int digit(unsigned char c):
    if 48 <= c <= 57:
        return c - 48
    return -1


cdef inline int two_digits(const unsigned char* text, Py_ssize_t at):
    cdef int high = digit(text[at])
    cdef int low = digit(text[at + 1])
    if high < 0 or low < 0:
        return -1
    return high * 10 + low


cdef int DAYS_IN_MONTH[12]
DAYS_IN_MONTH[:] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


cdef bint parse_instant(str value, int64_t* out):
    """RFC 3339 with an offset, as ``slalang.evaluation.instants.parse_rfc3339`` accepts it;
    False for anything it would reject (the Python path then says why)."""
    cdef Py_ssize_t n = len(value)
    if n < 20 or PyUnicode_KIND(value) != PyUnicode_1BYTE_KIND:  # a character beyond Latin-1 is never valid
        return False
    cdef const unsigned char* text = <const unsigned char*>PyUnicode_DATA(value)
    cdef int y1 = two_digits(text, 0), y2 = two_digits(text, 2)
    cdef int month = two_digits(text, 5), day = two_digits(text, 8)
    cdef int hour = two_digits(text, 11), minute = two_digits(text, 14), second = two_digits(text, 17)
    if y1 < 0 or y2 < 0 or month < 0 or day < 0 or hour < 0 or minute < 0 or second < 0:
        return False
    cdef unsigned char separator = text[10]
    if text[4] != c'-' or text[7] != c'-' or text[13] != c':' or text[16] != c':':
        return False
    if separator != c'T' and separator != c't' and separator != c' ':
        return False
    cdef Py_ssize_t pos = 19
    if text[pos] == c'.':
        pos += 1
        if pos >= n or digit(text[pos]) < 0:
            return False
        while pos < n and digit(text[pos]) >= 0:
            pos += 1
    if pos >= n:
        return False
    cdef unsigned char c = text[pos]
    cdef int64_t offset = 0
    cdef int off_h, off_m
    if c == c'Z' or c == c'z':
        pos += 1
    elif c == c'+' or c == c'-':
        if pos + 6 > n or text[pos + 3] != c':':
            return False
        off_h = two_digits(text, pos + 1)
        off_m = two_digits(text, pos + 4)
        if off_h < 0 or off_m < 0 or off_h > 23 or off_m > 59:
            return False
        offset = (off_h * 3600 + off_m * 60) * (1 if c == c'+' else -1)
        pos += 6
    else:
        return False
    if pos != n:
        return False
    cdef int year = y1 * 100 + y2
    if year < 1900 or year > 2999 or month < 1 or month > 12:
        return False
    cdef int last_day = DAYS_IN_MONTH[month - 1]
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        last_day = 29
    if day < 1 or day > last_day or hour > 23 or minute > 59 or second > 59:
        return False
    out[0] = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset
    return True


# --- the policy, prepared ----------------------------------------------------------------


@cython.final
cdef class Table:
    """The runs of one batch that count on one calendar (see ``batch._Group``), and, once
    solved, their counted and open seconds and the instant of each question."""

    cdef Int64s run_start, run_end, seg_first, seg_a, seg_b, q_run, q_amount
    cdef int64_t[::1] counted, opened, instants

    def __cinit__(self):
        self.clear()

    cdef void clear(self):
        """Empties the table, keeping its arrays for the next batch (no new pages to fault in)."""
        if self.run_start is None:
            self.run_start = Int64s()
            self.run_end = Int64s()
            self.seg_first = Int64s()
            self.seg_a = Int64s()
            self.seg_b = Int64s()
            self.q_run = Int64s()
            self.q_amount = Int64s()
        self.run_start.size = self.run_end.size = self.seg_first.size = self.seg_a.size = self.seg_b.size = 0
        self.q_run.size = self.q_amount.size = 0

    def arrays(self):
        """``(run_start, run_end, seg_first, seg_a, seg_b, q_run, q_amount)``; ``seg_first``
        ends with the number of segments."""
        self.seg_first.push(self.seg_a.size)
        out = (
            self.run_start.array(), self.run_end.array(), self.seg_first.array(), self.seg_a.array(),
            self.seg_b.array(), self.q_run.array(), self.q_amount.array(),
        )
        self.seg_first.size -= 1
        return out

    def solved(self, counted, opened, instants):
        self.counted = np.ascontiguousarray(counted, dtype=np.int64)
        self.opened = np.ascontiguousarray(opened, dtype=np.int64)
        self.instants = np.ascontiguousarray(instants, dtype=np.int64)

    cdef int add_run(self, int64_t start, int64_t end, int64_t* blocked, int n_blocked, Shape shape,
                     int64_t* run_out, int64_t* question_out) except -1:
        cdef int64_t run = self.run_start.size
        cdef int64_t cursor = start, low, high
        cdef int i, first = 0, last = n_blocked
        self.run_start.push(start)
        self.run_end.push(end)
        self.seg_first.push(self.seg_a.size)
        while first < last:  # the first blocked interval that ends after the start (they are sorted, disjoint)
            i = (first + last) // 2
            if blocked[2 * i + 1] <= start:
                first = i + 1
            else:
                last = i
        for i in range(first, n_blocked):
            low = blocked[2 * i]
            high = blocked[2 * i + 1]
            if high <= cursor:
                continue
            if low >= end:
                break
            if low > cursor:
                self.seg_a.push(cursor)
                self.seg_b.push(low)
            cursor = high
            if cursor >= end:
                break
        if cursor < end:
            self.seg_a.push(cursor)
            self.seg_b.push(end)
        question_out[0] = self.q_run.size
        for i in range(shape.n_amounts):
            self.q_run.push(run)
            self.q_amount.push(shape.amounts[i])
        run_out[0] = run
        return 0


@cython.final
cdef class Shape:
    """One clock of one SLA (``clocks.ClockPlan``): its target, escalation steps and the table
    of its calendar."""

    cdef int order  # the clock's position in its SLA: escalations at one instant sort by it
    cdef Table table  # the runs that count on this clock's calendar
    cdef int64_t target_s
    cdef int64_t* amounts
    cdef int n_amounts
    cdef bytes kind_key  # b'"first_response":'
    cdef bytes escalation_head  # b'{"metric":"first_response","at":'
    cdef list steps  # (question offset, step index, b',"actions":[...]}')

    def __cinit__(self, int order, str name, int64_t target_s, list steps, Table table):
        cdef int i
        self.order = order
        self.table = table
        self.target_s = target_s
        self.n_amounts = 1 + len(steps)
        self.amounts = <int64_t*>malloc(self.n_amounts * sizeof(int64_t))
        if self.amounts == NULL:
            raise MemoryError()
        self.amounts[0] = target_s
        self.steps = []
        for i, (index, fire_after_s, actions_json) in enumerate(steps, start=1):
            self.amounts[i] = fire_after_s
            self.steps.append((i, index, b',"actions":' + actions_json + b"}"))
        self.kind_key = b'"' + name.encode() + b'":'
        self.escalation_head = b'{"metric":"' + name.encode() + b'","at":'

    def __dealloc__(self):
        free(self.amounts)


@cython.final
cdef class SlaShape:
    """What the fast path needs of one SLA."""

    cdef bytes head  # b',"sla":"name","metrics":{'
    cdef object pause  # a memoised predicate of the attributes, or None
    cdef bint status_only  # the pause rule reads ticket.status alone
    cdef dict pause_memo  # status text -> paused, when status_only
    cdef Shape first, nxt, resolution

    def __cinit__(self, bytes name_json, pause, bint status_only, Shape first, Shape nxt, Shape resolution):
        self.head = b',"sla":' + name_json + b',"metrics":{'
        self.pause = pause
        self.status_only = status_only
        self.pause_memo = {}
        self.first = first
        self.nxt = nxt
        self.resolution = resolution


cdef bytes STATUS_MET = b'{"status":"met","start":'
cdef bytes STATUS_BREACHED = b'{"status":"breached","start":'
cdef bytes STATUS_PAUSED = b'{"status":"paused","start":'
cdef bytes STATUS_RUNNING = b'{"status":"running","start":'


# --- the scanner -------------------------------------------------------------------------


@cython.final
cdef class Scanner:
    """Takes the tickets it can of one batch, then writes their result lines.

    ``governing(attrs)`` is the memoised SLA choice (``Rules.governing``); ``slas`` maps an
    SLA's name to its ``SlaShape``; ``dumps`` encodes a ticket's id as JSON.
    """

    cdef frozenset priorities, resolved
    cdef object governing, dumps, missing, uncomparable
    cdef tuple paths  # what the SLA choice reads (``Rules.governing_paths``)
    cdef dict governing_memo
    cdef dict slas
    cdef public list tables
    # per batch: one entry per ticket taken
    cdef list ids, shapes
    cdef Int64s first_run, runs, first_resolved, resolved_intervals, paused_now
    cdef Bytes out, cycles  # the batch's lines; a next_response's cycles while its line is written
    # scratch for one ticket, grown to the longest ticket seen (``reserve``)
    cdef Py_ssize_t capacity  # events the scratch holds
    cdef int64_t* ats  # per event: its instant
    cdef int* kinds  # per event: AGENT, CUSTOMER, STATUS or FIELD
    cdef int* order  # the events by instant (stable)
    cdef int* spare  # the merge sort's other half
    cdef int64_t* intervals  # paused, resolved, cycles (2 * capacity + 2 each), blocked (4 * capacity + 4)

    def __cinit__(self):
        self.capacity = 0
        self.ats = NULL
        self.kinds = self.order = self.spare = NULL
        self.intervals = NULL

    def __dealloc__(self):
        free(self.ats)
        free(self.kinds)
        free(self.order)
        free(self.spare)
        free(self.intervals)

    cdef int reserve(self, Py_ssize_t events) except -1:
        """Scratch for a ticket of ``events`` events."""
        if events <= self.capacity:
            return 0
        cdef Py_ssize_t capacity = max(64, events, 2 * self.capacity)
        free(self.ats)
        free(self.kinds)
        free(self.order)
        free(self.spare)
        free(self.intervals)
        self.ats = <int64_t*>malloc(capacity * sizeof(int64_t))
        self.kinds = <int*>malloc(capacity * sizeof(int))
        self.order = <int*>malloc(capacity * sizeof(int))
        self.spare = <int*>malloc(capacity * sizeof(int))
        self.intervals = <int64_t*>malloc((10 * capacity + 10) * sizeof(int64_t))
        if self.ats == NULL or self.kinds == NULL or self.order == NULL or self.spare == NULL or self.intervals == NULL:
            self.capacity = 0
            raise MemoryError()
        self.capacity = capacity
        return 0

    def __init__(self, frozenset priorities, frozenset resolved, governing, tuple paths, dict slas, list tables, dumps,
                 missing, uncomparable):
        self.priorities = priorities
        self.resolved = resolved
        self.governing = governing
        self.missing = missing
        self.uncomparable = uncomparable
        self.governing_memo = {}
        self.paths = paths
        self.reserve(64)
        self.slas = slas
        self.tables = tables
        self.dumps = dumps
        self.begin()

    def begin(self):
        """Forgets the previous batch."""
        cdef Table table
        self.ids = []
        self.shapes = []
        if self.runs is None:  # made once, emptied for each batch
            self.first_run = Int64s()
            self.runs = Int64s()  # per run: kind, start, stop, run, question
            self.first_resolved = Int64s()
            self.resolved_intervals = Int64s()
            self.paused_now = Int64s()
            self.out = Bytes()
            self.cycles = Bytes()
        self.first_run.size = self.runs.size = self.first_resolved.size = self.resolved_intervals.size = 0
        self.paused_now.size = 0
        for table in self.tables:
            table.clear()
        if self.capacity > 1 << 16:  # a long ticket in the previous batch: give its scratch back
            self.capacity = 0
            self.reserve(64)

    def __len__(self):
        return len(self.ids)

    def take(self, object raw, int64_t now_s):
        """Takes ``raw`` (a decoded ticket) into the batch, or returns False untouched when
        the Python path must evaluate it."""
        return self._take(raw, now_s)

    def take_lines(self, bytes data, Py_ssize_t first_line, int64_t now_s, Py_ssize_t max_item_bytes):
        """Takes every ticket of a block of JSON Lines that it can, as ``split_lines``, then
        ``decode_item`` and ``take``, would; returns ``(position, line, item)`` of the others
        in order (``position``: how many taken tickets come before it), ``item`` being the
        decoded ticket, the bytes of a line that is not JSON, or None for a line longer
        than ``max_item_bytes``."""
        cdef const char* text = data
        cdef const char* found
        cdef Py_ssize_t size = len(data), start = 0, end, i, line = first_line
        cdef char c
        cdef bint blank
        others = []
        loads = orjson.loads
        while start <= size:  # as ``bytes.split(b"\n")``: a last piece after the last newline
            found = <const char*>memchr(text + start, 10, size - start)
            end = size if found == NULL else found - text
            blank = True
            for i in range(start, end):
                c = text[i]
                if c != 32 and c != 9 and c != 13 and c != 10:
                    blank = False
                    break
            if not blank:
                if end - start > max_item_bytes:
                    others.append((len(self.ids), line, None))
                else:
                    piece = text[start:end]
                    try:
                        raw = loads(piece)
                    except orjson.JSONDecodeError:
                        others.append((len(self.ids), line, piece))
                    else:
                        if not self._take(raw, now_s):
                            others.append((len(self.ids), line, raw))
            line += 1
            start = end + 1
        return others

    cdef bint _take(self, object raw, int64_t now_s) except -1:
        cdef int64_t* ats
        cdef int* kinds
        cdef int* order
        cdef int64_t created, at, last
        cdef Py_ssize_t n, i, j
        cdef int kind
        cdef bint ordered = True
        if type(raw) is not dict:
            return False
        cdef dict ticket_json = <dict>raw
        ticket_id = ticket_json.get("id")
        id_type = type(ticket_id)
        if id_type is str:
            if len(<str>ticket_id) == 0:
                return False
        elif id_type is not int and id_type is not float:
            return False
        created_text = ticket_json.get("created_at")
        if type(created_text) is not str or not parse_instant(<str>created_text, &created):
            return False
        ticket = ticket_json.get("ticket")
        if ticket is None:
            ticket = {}
        elif type(ticket) is not dict:
            return False
        customer = ticket_json.get("customer")
        if customer is None:
            customer = {}
        elif type(customer) is not dict:
            return False
        priority = (<dict>ticket).get("priority")
        if priority is not None and self.priorities and (type(priority) is not str or priority not in self.priorities):
            return False
        events = ticket_json.get("events")
        changes = []  # per event: None, or (attribute root, name, value) for status and field events
        n = 0
        cdef bint has_field = False
        if events is not None:
            if type(events) is not list:
                return False
            n = len(<list>events)
            self.reserve(n)
            ats = self.ats  # after ``reserve``, which may move them
            kinds = self.kinds
            order = self.order
            last = created
            for i in range(n):
                event = (<list>events)[i]
                if type(event) is not dict:
                    return False
                event_type = (<dict>event).get("type")
                at_text = (<dict>event).get("at")
                if type(event_type) is not str or type(at_text) is not str:
                    return False
                if <str>event_type == u"agent_reply":
                    kind = AGENT
                    changes.append(None)
                elif <str>event_type == u"customer_reply":
                    kind = CUSTOMER
                    changes.append(None)
                elif <str>event_type == u"status":
                    kind = STATUS
                    status = (<dict>event).get("status")
                    if type(status) is not str:
                        return False
                    changes.append((u"ticket", u"status", status))
                elif <str>event_type == u"field":
                    kind = FIELD
                    change = self._field_change(<dict>event)
                    if change is None:
                        return False
                    changes.append(change)
                    has_field = True
                else:
                    return False
                if not parse_instant(<str>at_text, &at) or at < created:
                    return False
                if at < last:
                    ordered = False
                last = at
                ats[i] = at
                kinds[i] = kind
                order[i] = i
        else:
            ats = self.ats
            kinds = self.kinds
            order = self.order
        if not ordered:  # equal instants keep file order
            sort_stable(order, self.spare, ats, n)
        # events after now are not known
        cdef Py_ssize_t known = 0
        while known < n and ats[order[known]] <= now_s:
            known += 1

        attrs = {"ticket": ticket, "customer": customer}
        cdef Py_ssize_t last_field = -1
        if has_field:
            for i in range(known):
                if kinds[order[i]] == FIELD:
                    last_field = i
        if last_field < 0:
            sla = self._govern(attrs)
        else:  # the decision after the last field event governs the whole history
            decided_ticket = dict(ticket)
            decided_customer = dict(customer)
            for i in range(last_field + 1):
                change = changes[order[i]]
                if change is not None:
                    ((decided_ticket if change[0] == u"ticket" else decided_customer))[change[1]] = change[2]
            sla = self._govern({"ticket": decided_ticket, "customer": decided_customer})
        found = None if sla is None else self.slas[sla.name]
        if sla is not None and found is None:
            return False  # an SLA with a clock the scanner does not know: the Python path evaluates it
        self.ids.append(ticket_id)
        self.first_run.push(self.runs.size)
        self.first_resolved.push(self.resolved_intervals.size)
        self.shapes.append(found)
        if found is None:
            self.paused_now.push(0)
            return True
        self._replay(<SlaShape>found, created, now_s, <dict>ticket, <dict>customer, attrs, ats, kinds, order, known, changes)
        return True

    cdef object _field_change(self, dict event):
        """``(root, name, value)`` of a valid field event on a two-part path, else None."""
        name = event.get("field")
        if type(name) is not str:
            return None
        parts = (<str>name).strip().split(".")
        if len(parts) == 1 and parts[0] != u"ticket" and parts[0] != u"customer":
            root, leaf = u"ticket", parts[0]
        elif len(parts) == 2 and (parts[0] == u"ticket" or parts[0] == u"customer"):
            root, leaf = parts
        else:
            return None
        if not leaf or u"value" not in event:
            return None
        value = event[u"value"]
        if root == u"ticket":
            if leaf == u"status" and type(value) is not str:
                return None
            if leaf == u"priority" and value is not None and self.priorities and (
                type(value) is not str or value not in self.priorities
            ):
                return None
        return (root, leaf, value)

    cdef object _govern(self, dict attrs):
        """``Rules.governing(attrs)``, memoised here on the values it reads (``rules._freeze``),
        at paths of any depth."""
        cdef tuple paths = self.paths
        cdef Py_ssize_t i, n = len(paths)
        cdef PyObject* known
        key = PyTuple_New(n)
        for i in range(n):
            frozen = self._freeze(value_at(attrs, <tuple>paths[i]))
            Py_INCREF(frozen)  # the tuple takes this reference
            PyTuple_SET_ITEM(key, i, frozen)
        known = PyDict_GetItem(self.governing_memo, key)  # borrowed, NULL when absent: no KeyError made
        if known != NULL:
            return <object>known
        sla = self.governing(attrs)
        if len(self.governing_memo) >= MEMO_LIMIT:
            self.governing_memo.clear()
        self.governing_memo[key] = sla
        return sla

    cdef object _freeze(self, object value):
        value_type = type(value)
        if value_type is str:
            return value
        if value_type is int or value_type is float or value_type is bool:
            return (value_type, value)
        if value is None:
            return self.missing
        if value_type is list or value_type is tuple:
            items = ["list"]
            for item in value:
                item_type = type(item)
                if item_type is str or item_type is int or item_type is float or item_type is bool:
                    items.append((item_type, item))
                else:
                    items.append(self.uncomparable)
            return tuple(items)
        return self.uncomparable

    cdef int _replay(self, SlaShape shape, int64_t created, int64_t now_s, dict ticket, dict customer, dict attrs,
                     int64_t* ats, int* kinds, int* order, Py_ssize_t n, list changes) except -1:
        """``history.replay_under``, then the runs (``runs.runs_of``)."""
        cdef int64_t end = now_s if now_s > created else created
        cdef Py_ssize_t room = 2 * self.capacity + 2  # intervals: at most one per event, and one open at the end
        cdef int64_t* paused_list = self.intervals
        cdef int64_t* resolved_list = paused_list + room
        cdef int64_t* cycles = resolved_list + room
        cdef int64_t* blocked = cycles + room
        cdef int n_paused = 0, n_resolved = 0, n_cycles = 0, n_blocked = 0
        cdef int64_t at, first_stop, entered_resolved, paused_since, resolved_since, cycle_start
        cdef bint resolved, now_resolved, paused, changed, armed = False, pending = False
        cdef Py_ssize_t i = 0, e
        cdef int kind
        pause = shape.pause
        resolved_set = self.resolved
        status = ticket.get("status")
        resolved = type(status) is str and status in resolved_set
        paused = pause is not None and self._paused(shape, status, attrs, ticket, customer)
        paused_since = created if paused else UNSET
        resolved_since = created if resolved else UNSET
        first_stop = created if resolved else UNSET
        entered_resolved = created if resolved else UNSET
        cycle_start = UNSET
        # The attributes as the events change them matter only to a pause rule that reads more
        # than the status: otherwise only the status is followed (no copies of the ticket).
        cdef bint follow_status_only = pause is None or shape.status_only
        cdef bint status_changed = False
        current = attrs
        current_ticket = current_customer = None
        while i < n:
            at = ats[order[i]]
            changed = False
            while i < n:
                e = order[i]
                if ats[e] != at:
                    break
                i += 1
                kind = kinds[e]
                if kind == AGENT:
                    if first_stop == UNSET:
                        first_stop = at
                    if cycle_start != UNSET:
                        push_interval(cycles, &n_cycles, cycle_start, at)
                        cycle_start = UNSET
                    pending = False
                    armed = True
                elif kind == CUSTOMER:
                    if armed and cycle_start == UNSET and not pending:
                        armed = False
                        if resolved:
                            pending = True
                        else:
                            cycle_start = at
                else:
                    changed = True
                    root, leaf, value = changes[e]
                    if follow_status_only:
                        if root == u"customer" or leaf != u"status":
                            continue
                        status = value
                        status_changed = True
                    else:
                        if current_ticket is None:
                            current_ticket = dict(ticket)
                            current_customer = dict(customer)
                            current = {"ticket": current_ticket, "customer": current_customer}
                        if root == u"customer":
                            (<dict>current_customer)[leaf] = value
                            continue
                        (<dict>current_ticket)[leaf] = value
                        if leaf != u"status":
                            continue
                        status = value
                    now_resolved = value in resolved_set
                    if now_resolved and not resolved:
                        if first_stop == UNSET:
                            first_stop = at
                        if cycle_start != UNSET:
                            push_interval(cycles, &n_cycles, cycle_start, at)
                            cycle_start = UNSET
                        entered_resolved = at
                    elif resolved and not now_resolved and pending:
                        pending = False
                        cycle_start = at
                    resolved = now_resolved
            if changed:
                track(resolved, at, &resolved_since, resolved_list, &n_resolved)
                if pause is not None:
                    if follow_status_only and status_changed:  # the status an event set: always text
                        paused = self._paused(shape, status, None, ticket, customer)
                    else:
                        paused = self._paused(shape, status if follow_status_only else (<dict>current_ticket).get("status"),
                                              current, ticket, customer)
                    track(paused, at, &paused_since, paused_list, &n_paused)
        if cycle_start != UNSET:
            push_interval(cycles, &n_cycles, cycle_start, UNSET)
        if paused_since != UNSET and end > paused_since:
            push_interval(paused_list, &n_paused, paused_since, end)
        if resolved_since != UNSET and end > resolved_since:
            push_interval(resolved_list, &n_resolved, resolved_since, end)
        n_blocked = union(paused_list, n_paused, resolved_list, n_resolved, blocked)
        for i in range(2 * n_resolved):
            self.resolved_intervals.push(resolved_list[i])
        self.paused_now.push(1 if paused else 0)
        self._runs(shape, created, now_s, first_stop, entered_resolved if resolved else UNSET, cycles, n_cycles,
                   blocked, n_blocked)
        return 0

    cdef bint _paused(self, SlaShape shape, object status, dict attrs, dict ticket, dict customer) except -1:
        """The SLA's pause rule on ``attrs``; memoised on the status when it reads nothing else.
        ``attrs`` None: a rule that reads the status alone, on ``ticket`` with its status now
        ``status`` (text, set by an event)."""
        if not shape.status_only or type(status) is not str:
            return bool(shape.pause(attrs))
        known = shape.pause_memo.get(status)
        if known is None:
            if attrs is None:
                now_ticket = dict(ticket)
                now_ticket[u"status"] = status
                attrs = {"ticket": now_ticket, "customer": customer}
            if len(shape.pause_memo) >= MEMO_LIMIT:
                shape.pause_memo.clear()
            known = shape.pause_memo[status] = bool(shape.pause(attrs))
        return known

    cdef int _runs(self, SlaShape shape, int64_t created, int64_t now_s, int64_t first_stop, int64_t resolution_stop,
                   int64_t* cycles, int n_cycles, int64_t* blocked, int n_blocked) except -1:
        cdef int64_t end, start, stop, run, question
        cdef int c
        if shape.first is not None:
            end = first_stop if first_stop != UNSET else (now_s if now_s > created else created)
            shape.first.table.add_run(created, end, blocked, n_blocked, shape.first, &run, &question)
            self._run(0, created, first_stop, run, question)
        if shape.nxt is not None:
            for c in range(n_cycles):
                start = cycles[2 * c]
                stop = cycles[2 * c + 1]
                end = stop if stop != UNSET else (now_s if now_s > start else start)
                shape.nxt.table.add_run(start, end, blocked, n_blocked, shape.nxt, &run, &question)
                self._run(1, start, stop, run, question)
        if shape.resolution is not None:
            end = resolution_stop if resolution_stop != UNSET else (now_s if now_s > created else created)
            shape.resolution.table.add_run(created, end, blocked, n_blocked, shape.resolution, &run, &question)
            self._run(2, created, resolution_stop, run, question)
        return 0

    cdef int _run(self, int64_t kind, int64_t start, int64_t stop, int64_t run, int64_t question) except -1:
        self.runs.push(kind)
        self.runs.push(start)
        self.runs.push(stop)
        self.runs.push(run)
        self.runs.push(question)
        return 0

    def lines(self, int64_t now_s, list others):
        """The result lines of the batch, each ending with a newline. ``others``: sorted
        ``(position, encoded line)`` of the tickets the Python path evaluated, ``position``
        being how many taken tickets come before it."""
        cdef Bytes out = self.out
        cdef Bytes cycles = self.cycles
        out.size = 0
        cdef Py_ssize_t count = len(self.ids), ticket, other = 0, n_others = len(others)
        cdef object dumps = self.dumps
        for ticket in range(count):
            while other < n_others and others[other][0] <= ticket:
                out.put_bytes(others[other][1])
                out.put_bytes(NEWLINE)
                other += 1
            out.put_bytes(ID_KEY)
            ticket_id = self.ids[ticket]
            if type(ticket_id) is not str or not out.put_plain_text(<str>ticket_id):
                out.put_bytes(dumps(ticket_id))
            shape = self.shapes[ticket]
            if shape is None:
                out.put_bytes(NO_SLA)
            else:
                self._line(out, cycles, <SlaShape>shape, ticket, now_s)
        while other < n_others:
            out.put_bytes(others[other][1])
            out.put_bytes(NEWLINE)
            other += 1
        return out.take()

    cdef int _line(self, Bytes out, Bytes cycles, SlaShape shape, Py_ssize_t ticket, int64_t now_s) except -1:
        """``runs.assemble`` with ``result.JsonResults``, followed by ``orjson.dumps``."""
        cdef Table table
        cdef Py_ssize_t first = self.first_run.data[ticket]
        cdef Py_ssize_t last = self.first_run.data[ticket + 1] if ticket + 1 < self.first_run.size else self.runs.size
        cdef Py_ssize_t low = self.first_resolved.data[ticket]
        cdef Py_ssize_t high = (
            self.first_resolved.data[ticket + 1] if ticket + 1 < self.first_resolved.size else self.resolved_intervals.size
        )
        cdef int64_t* resolved = self.resolved_intervals.data + low
        cdef Py_ssize_t n_resolved = (high - low) // 2
        cdef bint paused_now = self.paused_now.data[ticket] != 0
        cdef int64_t kind, start, stop, run, question, deadline, instant, limit, counted
        cdef int64_t next_at = UNSET
        cdef Py_ssize_t r, n_cycles = 0
        cdef int worst = 0  # next_response's roll-up: 0 none, 1 met, 2 paused, 3 running, 4 breached
        cdef int rank
        cdef bint any_metric = False, next_written = shape.nxt is None
        cdef Shape metric
        cdef Bytes target
        fired = None
        planned = None
        out.put_bytes(shape.head)
        cycles.size = 0
        for r in range(first, last, 5):
            kind = self.runs.data[r]
            start = self.runs.data[r + 1]
            stop = self.runs.data[r + 2]
            run = self.runs.data[r + 3]
            question = self.runs.data[r + 4]
            if kind == 2 and not next_written:
                write_next_response(out, cycles, worst, any_metric)
                next_written = any_metric = True
            if kind == 1:
                metric = shape.nxt
                target = cycles
                if n_cycles:
                    cycles.put_bytes(COMMA)
                n_cycles += 1
            else:
                metric = shape.first if kind == 0 else shape.resolution
                target = out
                if any_metric:
                    out.put_bytes(COMMA)
                out.put_bytes(metric.kind_key)
                any_metric = True
            table = metric.table
            deadline = table.instants[question]
            if deadline == NEVER:
                deadline = UNSET
            if stop != UNSET:
                if deadline == UNSET or stop <= deadline:
                    target.put_bytes(STATUS_MET)
                    rank = 1
                else:
                    target.put_bytes(STATUS_BREACHED)
                    rank = 4
            elif deadline != UNSET and now_s > deadline:
                target.put_bytes(STATUS_BREACHED)
                rank = 4
            elif paused_now:
                target.put_bytes(STATUS_PAUSED)
                rank = 2
            else:
                target.put_bytes(STATUS_RUNNING)
                rank = 3
            if kind == 1 and rank > worst:
                worst = rank
            target.put_instant(start)
            target.put_bytes(DEADLINE_KEY)
            target.put_optional_instant(deadline)
            target.put_bytes(STOP_KEY)
            target.put_optional_instant(stop)
            target.put_bytes(TARGET_KEY)
            target.put_int(metric.target_s)
            counted = table.counted[run]
            target.put_bytes(COUNTED_KEY)
            target.put_int(counted)
            target.put_bytes(PAUSED_KEY)
            target.put_int(table.opened[run] - counted)
            if stop == UNSET:
                target.put_bytes(REMAINING_KEY)
                target.put_int(metric.target_s - counted if counted < metric.target_s else 0)
                if deadline != UNSET and deadline > now_s and (next_at == UNSET or deadline < next_at):
                    next_at = deadline
            target.put_bytes(CLOSE)
            if metric.steps:
                limit = now_s + 1 if stop == UNSET or stop > now_s else stop
                for offset, index, tail in metric.steps:
                    instant = table.instants[question + <Py_ssize_t>offset]
                    if start <= instant < limit and not inside(instant, resolved, n_resolved):
                        if fired is None:
                            fired = []
                        fired.append((instant, metric.order, index, len(fired), metric.escalation_head, tail))
                    elif stop == UNSET and instant != NEVER and instant > now_s:
                        if planned is None:
                            planned = []
                        planned.append((instant, metric.order, index, len(planned), metric.escalation_head, tail))
                        if next_at == UNSET or instant < next_at:
                            next_at = instant
        if not next_written:
            write_next_response(out, cycles, worst, any_metric)
        out.put_bytes(ESCALATIONS_KEY)
        if fired is not None:
            fired.sort()
            for n, item in enumerate(fired):
                if n:
                    out.put_bytes(COMMA)
                out.put_bytes(item[4])
                out.put_instant(item[0])
                out.put_bytes(item[5])
        out.put_bytes(PLANNED_KEY)
        if planned is not None:
            planned.sort()
            for n, item in enumerate(planned):
                if n:
                    out.put_bytes(COMMA)
                out.put_bytes(item[4])
                out.put_instant(item[0])
                out.put_bytes(item[5])
        out.put_bytes(NEXT_AT_KEY)
        out.put_optional_instant(next_at)
        out.put_bytes(LINE_END)
        return 0


cdef bytes NEWLINE = b"\n"
cdef bytes COMMA = b","
cdef bytes CLOSE = b"}"
cdef bytes ID_KEY = b'{"id":'
cdef bytes NO_SLA = b',"sla":null,"metrics":{},"escalations":[]}\n'
cdef bytes DEADLINE_KEY = b',"deadline":'
cdef bytes STOP_KEY = b',"stop":'
cdef bytes TARGET_KEY = b',"target_s":'
cdef bytes COUNTED_KEY = b',"counted_s":'
cdef bytes PAUSED_KEY = b',"paused_s":'
cdef bytes REMAINING_KEY = b',"remaining_s":'
cdef bytes ESCALATIONS_KEY = b'},"escalations":['
cdef bytes PLANNED_KEY = b'],"planned":['
cdef bytes NEXT_AT_KEY = b'],"next_at":'
cdef bytes LINE_END = b"}\n"
cdef bytes NEXT_HEAD = b'"next_response":{"status":"'
cdef bytes CYCLES_KEY = b'","cycles":['
cdef bytes CYCLES_END = b"]}"
cdef tuple ROLL_UP = (b"none", b"met", b"paused", b"running", b"breached")


cdef int write_next_response(Bytes out, Bytes cycles, int worst, bint after_another) except -1:
    """``"next_response":{"status":<roll-up>,"cycles":[...]}`` (``runs.roll_up``)."""
    if after_another:
        out.put_bytes(COMMA)
    out.put_bytes(NEXT_HEAD)
    out.put_bytes(ROLL_UP[worst])
    out.put_bytes(CYCLES_KEY)
    out.put(cycles.data, cycles.size)
    out.put_bytes(CYCLES_END)
    cycles.size = 0
    return 0


cdef object value_at(dict attrs, tuple path):
    """``conditions.lookup``, with None for ``MISSING`` (both freeze alike)."""
    value = attrs
    for part in path:
        if type(value) is not dict:
            return None
        value = (<dict>value).get(part)
    return value


cdef void sort_stable(int* order, int* spare, int64_t* ats, Py_ssize_t n):
    """Sorts ``order`` by ``ats[order[i]]``, equal instants in their order: insertion for a
    short list, else a bottom-up merge (n log n, whatever the input)."""
    cdef Py_ssize_t i, j, width, low, middle, high, left, right, out
    cdef int moved
    cdef int64_t at
    if n <= 32:
        for i in range(1, n):
            moved = order[i]
            at = ats[moved]
            j = i - 1
            while j >= 0 and ats[order[j]] > at:
                order[j + 1] = order[j]
                j -= 1
            order[j + 1] = moved
        return
    width = 1
    while width < n:
        low = 0
        while low < n:
            middle = min(low + width, n)
            high = min(low + 2 * width, n)
            left, right, out = low, middle, low
            while left < middle and right < high:
                if ats[order[right]] < ats[order[left]]:
                    spare[out] = order[right]
                    right += 1
                else:
                    spare[out] = order[left]
                    left += 1
                out += 1
            while left < middle:
                spare[out] = order[left]
                left += 1
                out += 1
            while right < high:
                spare[out] = order[right]
                right += 1
                out += 1
            low = high
        memcpy(order, spare, n * sizeof(int))
        width *= 2


cdef inline void push_interval(int64_t* intervals, int* n, int64_t low, int64_t high):
    intervals[2 * n[0]] = low
    intervals[2 * n[0] + 1] = high
    n[0] += 1


cdef inline void track(bint holds, int64_t at, int64_t* since, int64_t* intervals, int* n):
    """A condition's state after the events at ``at``: it starts holding (``since``), or
    stops and closes its interval ``[since, at)`` (an empty one is dropped)."""
    if holds:
        if since[0] == UNSET:
            since[0] = at
    elif since[0] != UNSET:
        if at > since[0]:
            push_interval(intervals, n, since[0], at)
        since[0] = UNSET


cdef inline bint inside(int64_t instant, int64_t* intervals, Py_ssize_t n):
    cdef Py_ssize_t i
    for i in range(n):
        if intervals[2 * i] <= instant < intervals[2 * i + 1]:
            return True
        if intervals[2 * i] > instant:
            break
    return False


cdef int union(int64_t* a, int n_a, int64_t* b, int n_b, int64_t* out):
    """``history.union``: the sorted disjoint union of two sorted interval lists (touching
    intervals merge); the number of intervals written."""
    cdef int i = 0, j = 0, n = 0
    cdef int64_t start, stop
    while i < n_a or j < n_b:
        if j >= n_b or (i < n_a and (a[2 * i] < b[2 * j] or (a[2 * i] == b[2 * j] and a[2 * i + 1] <= b[2 * j + 1]))):
            start = a[2 * i]
            stop = a[2 * i + 1]
            i += 1
        else:
            start = b[2 * j]
            stop = b[2 * j + 1]
            j += 1
        if n and start <= out[2 * n - 1]:
            if stop > out[2 * n - 1]:
                out[2 * n - 1] = stop
        else:
            out[2 * n] = start
            out[2 * n + 1] = stop
            n += 1
    return n


def count_newlines(const unsigned char[::1] data, Py_ssize_t start=0, end=None):
    """``data.count(b"\\n", start, end)`` (``start`` and ``end`` at least 0), a memchr at a
    time: several times as fast as ``bytes.count`` on lines of a few hundred bytes."""
    cdef Py_ssize_t size = data.shape[0]
    cdef Py_ssize_t stop = size if end is None else min(<Py_ssize_t>end, size)
    cdef Py_ssize_t count = 0
    cdef const unsigned char* text
    cdef const unsigned char* found
    if start < 0 or stop < 0:
        raise ValueError("count_newlines takes offsets of at least 0")
    if start >= stop:
        return 0
    text = &data[0]
    found = text + start
    while True:
        found = <const unsigned char*>memchr(found, 10, (text + stop) - found)
        if found == NULL:
            return count
        count += 1
        found += 1
