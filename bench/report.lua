-- report.lua: wrk hook for bench/run.sh. After a run it prints one line that run.sh
-- parses instead of wrk's human-readable summary: request and error counts, the
-- duration, and latency percentiles in microseconds. It defines no per-request hook,
-- so wrk's request loop stays in C and the measurement is the same as without a script.
-- A script that also counts statuses (feedback.lua) sets `status_2xx_count`.

status_2xx_count = nil

function done(summary, latency, requests)
   local e = summary.errors
   local ok = status_2xx_count and status_2xx_count() or -1
   io.write(string.format(
      "BENCH requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d " ..
      "status=%d timeout=%d ok2xx=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
      summary.requests, summary.duration, summary.bytes,
      e.connect, e.read, e.write, e.status, e.timeout, ok,
      latency:percentile(50.0), latency:percentile(90.0),
      latency:percentile(99.0), latency.max))
end
