#!/usr/bin/python3
"""haltung_dask.py: score a JSON Lines corpus on a Dask cluster.

Splits the input into partitions of consecutive lines, scores each partition
on a Dask worker with `haltung score --jsonl` (a subprocess reading the
partition on standard input), and writes the results in input order: the same
lines, byte for byte, as one `haltung score --jsonl FILE...` run, including the
error objects of bad lines, whose "FILE:LINE:" is put back from the
partition's line numbers to the input's.

    haltung_dask.py corpus.jsonl -o scores.jsonl                 # a LocalCluster here
    haltung_dask.py --scheduler tcp://head:8786 corpus.jsonl -o scores.jsonl
    haltung_dask.py corpus.jsonl -o scores.jsonl -- --topic "Tempolimit"

Everything after `--` goes to `haltung score` as it is (it must run the same
way on every worker: paths such as --models or --actors are the workers').
See contrib/dask/README.md.
"""

import argparse
import collections
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile

BOM = b"\xef\xbb\xbf"
BLANK = b" \t\r\f\v"
STDIN_NAME = "<stdin>"


def strip_line_end(line):
    """The line as haltung's reader sees it: without its newline and one CR."""
    if line.endswith(b"\n"):
        line = line[:-1]
    if line.endswith(b"\r"):
        line = line[:-1]
    return line


def is_blank(line, first_of_file):
    """haltung skips blank lines (spaces, tabs, CR, FF, VT) and answers none."""
    line = strip_line_end(line)
    if first_of_file and line.startswith(BOM):
        line = line[3:]
    return not line.strip(BLANK)


def json_string_body(name):
    """name as haltung's JSON writer puts it inside a string (classifier/jsonw.c):
    quote, backslash and control characters escaped, all other bytes as they are."""
    out = bytearray()
    for c in os.fsencode(name):
        if c == 0x22 or c == 0x5C:
            out += b"\\" + bytes([c])
        elif c == 0x0A:
            out += b"\\n"
        elif c == 0x09:
            out += b"\\t"
        elif c == 0x0D:
            out += b"\\r"
        elif c < 0x20:
            out += b"\\u%04x" % c
        else:
            out.append(c)
    return bytes(out)


Partition = collections.namedtuple("Partition", "name first_line data records")


def partitions(paths, size, failed):
    """Yields the input in partitions of `size` lines; they never span files.
    first_line is the input line number of the partition's first line. A file
    that cannot be opened is named on stderr and added to failed, and the
    others are still read (as haltung score does)."""
    for path in paths:
        name = STDIN_NAME if path == "-" else path
        try:
            f = sys.stdin.buffer if path == "-" else open(path, "rb")
        except OSError as e:
            print(f"haltung: cannot open {path}: {e.strerror}", file=sys.stderr)
            failed.append(path)
            continue
        with f:
            lines, records, first, number = [], 0, 1, 0
            for line in f:
                number += 1
                lines.append(line)
                records += not is_blank(line, number == 1)
                if len(lines) == size:
                    yield Partition(name, first, b"".join(lines), records)
                    lines, records, first = [], 0, number + 1
            if lines:
                yield Partition(name, first, b"".join(lines), records)


def renumber(out, name, offset):
    """Error objects of a partition say "<stdin>:N:"; the input's run says
    "NAME:N+offset:". Only lines that are error objects are touched."""
    marker = b',"error":"' + STDIN_NAME.encode() + b":"
    if marker not in out:
        return out
    name_bytes = json_string_body(name)
    lines = out.split(b"\n")
    for i, line in enumerate(lines):
        at = line.find(marker)
        if at < 0 or not line.startswith(b'{"id":'):
            continue
        try:
            if set(json.loads(line)) != {"id", "error"}:
                continue
        except ValueError:
            continue
        start = at + len(marker)
        end = line.index(b":", start)
        number = int(line[start:end]) + offset
        lines[i] = (line[:at] + b',"error":"' + name_bytes + b":" + str(number).encode()
                    + line[end:])
    return b"\n".join(lines)


def score_partition(haltung, score_args, part):
    """Runs on a worker: `haltung score --jsonl` over one partition.
    Returns (output bytes, stderr text)."""
    data, offset = part.data, part.first_line - 1
    if offset and data.startswith(BOM):
        # haltung drops a byte-order mark only on line 1 of its input; this
        # line is not line 1 of the file, so keep it from being line 1 here.
        data, offset = b"\n" + data, offset - 1
    where = f"{part.name}:{part.first_line}"
    try:
        proc = subprocess.run([haltung, "score", "--jsonl", *score_args, "-"], input=data,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    except OSError as e:
        raise RuntimeError(f"{where}: cannot run {haltung} on the worker: {e.strerror}") from e
    err = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{where}: {haltung} score exited with status {proc.returncode}: "
                           f"{err.strip()}")
    got = proc.stdout.count(b"\n")
    if got != part.records:
        raise RuntimeError(f"{where}: {haltung} score gave {got} results for "
                           f"{part.records} records")
    out = proc.stdout
    if part.name != STDIN_NAME or offset:
        out = renumber(out, part.name, offset)
    return out, err


WARNING = "haltung: warning: "
COULD_NOT = " could not be scored"


def pass_on_stderr(err, counts):
    """Worker stderr goes on to ours, except haltung's per-run count of bad
    records, which is summed and said once at the end (as one run says it)."""
    for line in err.splitlines():
        if line.startswith(WARNING) and COULD_NOT in line:
            try:
                counts[0] += int(line[len(WARNING):].split()[0])
                continue
            except ValueError:
                pass
        print(line, file=sys.stderr)


def parse_args(argv):
    if "--" in argv:
        at = argv.index("--")
        argv, score_args = argv[:at], argv[at + 1:]
    else:
        score_args = []
    p = argparse.ArgumentParser(
        prog="haltung_dask.py",
        description="Score JSON Lines with `haltung score --jsonl` on Dask workers; the "
                    "output equals one single-process run. Arguments after -- go to "
                    "haltung score.")
    p.add_argument("inputs", nargs="+", metavar="INPUT.jsonl", help="'-' is standard input")
    p.add_argument("-o", "--output", help="result file (written whole, then renamed); "
                   "default standard output")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="a running Dask scheduler, e.g. tcp://10.0.0.1:8786 (default: "
                        "start a LocalCluster on this machine)")
    p.add_argument("--workers", type=int, default=2,
                   help="LocalCluster: worker processes (default 2)")
    p.add_argument("--threads-per-worker", type=int, default=1,
                   help="LocalCluster: partitions each worker scores at once (default 1)")
    p.add_argument("--partition-size", type=int, default=2000, metavar="LINES",
                   help="input lines per partition (default 2000)")
    p.add_argument("--in-flight", type=int, default=0, metavar="N",
                   help="partitions sent ahead of the one being written (default: twice "
                        "the cluster's threads); bounds memory")
    p.add_argument("--haltung", default=None, metavar="PATH",
                   help="the haltung program on the workers (default: 'haltung' as found "
                        "on this machine's PATH, else, for a LocalCluster, the checkout's "
                        "own ./haltung, else 'haltung')")
    a = p.parse_args(argv)
    for flag in ("-f", "--format"):
        if any(s == flag or s.startswith(flag + "=") for s in score_args):
            p.error("haltung score's --format: only its JSON Lines output can be split and "
                    "joined")
    if "--jsonl" in score_args:
        score_args.remove("--jsonl")
    if a.partition_size < 1 or a.workers < 1 or a.threads_per_worker < 1 or a.in_flight < 0:
        p.error("--partition-size, --workers and --threads-per-worker must be at least 1")
    if a.output and os.path.exists(a.output):
        for path in a.inputs:
            if path != "-" and os.path.exists(path) and os.path.samefile(path, a.output):
                p.error(f"{a.output} is an input too; writing it would destroy it")
    if a.haltung is None:
        # a LocalCluster runs here: a checkout's own build will do
        built = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "haltung")
        local = not a.scheduler and os.access(built, os.X_OK)
        a.haltung = shutil.which("haltung") or (os.path.normpath(built) if local else "haltung")
    return a, score_args


def open_output(path):
    if not path:
        return sys.stdout.buffer, None
    folder = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(prefix=os.path.basename(path) + ".tmp-", dir=folder)
    return os.fdopen(fd, "wb"), tmp


def run(a, score_args, client):
    threads = sum(client.nthreads().values()) or 1
    in_flight = a.in_flight or 2 * threads
    out, tmp = open_output(a.output)
    counts, failed = [0], []
    pending = collections.deque()
    ok = False
    try:
        def write_oldest():
            result, err = pending.popleft().result()
            pass_on_stderr(err, counts)
            out.write(result)

        for part in partitions(a.inputs, a.partition_size, failed):
            # The partition goes straight to a worker, and the task runs where it is
            # (given in the task itself it would travel through the scheduler).
            data = client.scatter([part], hash=False)[0]  # a list: part is a tuple itself
            pending.append(client.submit(score_partition, a.haltung, score_args, data,
                                         pure=False))
            while len(pending) >= in_flight:
                write_oldest()
        while pending:
            write_oldest()
        out.flush()
        if tmp:
            os.fsync(out.fileno())
        ok = True
    finally:
        for f in pending:
            f.cancel()
        if tmp:
            out.close()
            if ok:
                os.chmod(tmp, 0o644)
                os.replace(tmp, a.output)
            else:
                os.unlink(tmp)
    if counts[0]:
        print(f"{WARNING}{counts[0]} record{'' if counts[0] == 1 else 's'}{COULD_NOT} "
              f"(see their \"error\" objects)", file=sys.stderr)
    return 1 if failed else 0


def main(argv):
    a, score_args = parse_args(argv)
    from distributed import Client, LocalCluster  # after --help works without Dask

    cluster = None
    if a.scheduler:
        client = Client(a.scheduler)
    else:
        cluster = LocalCluster(n_workers=a.workers, threads_per_worker=a.threads_per_worker,
                               processes=True, host="127.0.0.1", dashboard_address=None,
                               silence_logs=logging.ERROR)  # a failed task is reported here
        client = Client(cluster)
    try:
        return run(a, score_args, client)
    except Exception as e:  # a worker's failure comes back here as its exception
        print(f"haltung_dask: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
