-- One wrk script for every scenario of bench/load.py, driven by environment variables:
--   BENCH_WRK_REQUESTS  a file, one request a line, tab-separated:
--                       method, path, Cookie header (or empty), form body (or empty), client address
--   BENCH_WRK_THREADS   wrk's -t (thread n of N sends lines n, n+N, n+2N...: every line once)
--   BENCH_WRK_STATUS    the status a right answer has (200, or 302 for a POST that redirects)
--   BENCH_WRK_LOCATION  a Lua pattern its Location header must match (empty: not checked)
-- Every request says it came through the TLS proxy (X-Forwarded-Proto: https) from its client's
-- address (X-Forwarded-For), as production's reverse proxy would. A POST carries the CSRF cookie in
-- its Cookie line, the token in its body, and the Origin a browser sends.
-- When the file runs out the lines are sent again and "repeats" counts them (a POST sent twice is
-- not a fresh answer: the runner reports it). done() prints one line, "BENCH_JSON {...}", with
-- "sent" (requests written) beside "requests" (responses read): the difference was still in flight
-- when wrk stopped, and the server completes those too. With BENCH_WRK_LOCATION, the Location
-- of every right response is written to the file BENCH_WRK_CONFIRMED (the runner checks each one).

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
  thread:set("thread_count", tonumber(os.getenv("BENCH_WRK_THREADS") or "1"))
end

local function split(line)
  local fields = {}
  for value in (line .. "\t"):gmatch("([^\t]*)\t") do
    table.insert(fields, value)
  end
  return fields
end

function init(args)
  local host = wrk.headers["Host"]
  requests = {}
  local lines = {}
  for line in io.lines(os.getenv("BENCH_WRK_REQUESTS")) do
    table.insert(lines, line)
  end
  local mine = {}
  for n, line in ipairs(lines) do
    if (n - thread_id) % thread_count == 0 then
      table.insert(mine, line)
    end
  end
  if #mine == 0 then
    mine = lines -- fewer lines than threads (a GET of one page): every thread sends them all
  end
  for _, line in ipairs(mine) do
    local f = split(line)
    local headers = {
      ["Host"] = host,
      ["X-Forwarded-Proto"] = "https",
      ["X-Forwarded-For"] = f[5],
      ["Accept-Language"] = "ar",
      ["Accept-Encoding"] = "gzip, br",
      ["User-Agent"] = "wai-bench (wrk)",
    }
    if f[3] ~= "" then
      headers["Cookie"] = f[3]
    end
    local body = nil
    if f[1] == "POST" then
      headers["Content-Type"] = "application/x-www-form-urlencoded"
      headers["Origin"] = "https://" .. host
      body = f[4]
    end
    table.insert(requests, wrk.format(f[1], f[2], headers, body))
  end
  sent, ok, bad, repeats = 0, 0, 0, 0
  statuses = {}
  confirmed = {}
  want_status = tonumber(os.getenv("BENCH_WRK_STATUS") or "200")
  want_location = os.getenv("BENCH_WRK_LOCATION") or ""
end

function request()
  sent = sent + 1
  if sent > #requests then
    repeats = repeats + 1
  end
  return requests[((sent - 1) % #requests) + 1]
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  local good = status == want_status
  if good and want_location ~= "" then
    good = string.find(headers["Location"] or "", want_location) ~= nil
  end
  if good then
    ok = ok + 1
    if want_location ~= "" then
      table.insert(confirmed, headers["Location"])
    end
  else
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local total_ok, total_bad, total_repeats, total_sent = 0, 0, 0, 0
  local merged = {}
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_bad = total_bad + thread:get("bad")
    total_repeats = total_repeats + thread:get("repeats")
    total_sent = total_sent + thread:get("sent")
    for code, count in pairs(thread:get("statuses")) do
      merged[code] = (merged[code] or 0) + count
    end
  end
  local path = os.getenv("BENCH_WRK_CONFIRMED") or ""
  if path ~= "" then
    local file = io.open(path, "w")
    for _, thread in ipairs(threads) do
      for _, location in ipairs(thread:get("confirmed")) do
        file:write(location, "\n")
      end
    end
    file:close()
  end
  local parts = {}
  for code, count in pairs(merged) do
    table.insert(parts, string.format('"%s": %d', code, count))
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "ok": %d, "bad": %d, "repeats": %d, "sent": %d, ' ..
    '"socket_errors": %d, "timeouts": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"statuses": {%s}}\n',
    summary.requests, summary.duration, summary.bytes, total_ok, total_bad, total_repeats, total_sent,
    e.connect + e.read + e.write, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    table.concat(parts, ", ")))
end
