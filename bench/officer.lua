-- officer.lua: wrk script for bench/officer.sh. Every request opens the share link PATH
-- (wrk's URL path) as a distinct reader: a tala_reader cookie made from the thread number
-- and a counter, and a phone browser's User-Agent; every 16th request comes from a link
-- previewer (facebookexternalhit), which the rules leave uncounted. The same script drives
-- nginx, so both pay the same per-request Lua cost. done() prints one parseable line with
-- the requests sent per kind (wrk's own count is of completed responses).

local threads = {}
counter = 0
tid = 0
bots = 0
people = 0

function setup(thread)
   thread:set("tid", #threads + 1)
   table.insert(threads, thread)
end

local UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 " ..
           "(KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.42 NetType/WIFI"
local BOT = "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"

function request()
   counter = counter + 1
   local cookie = string.format("tala_reader=%08x%024x", tid, counter)
   local ua = UA
   if counter % 16 == 0 then
      ua = BOT
      bots = bots + 1
   else
      people = people + 1
   end
   return wrk.format("GET", nil, {["Cookie"] = cookie, ["User-Agent"] = ua})
end

function done(summary, latency, requests)
   local sent_bots, sent_people = 0, 0
   for _, t in ipairs(threads) do
      sent_bots = sent_bots + (t:get("bots") or 0)
      sent_people = sent_people + (t:get("people") or 0)
   end
   local e = summary.errors
   io.write(string.format(
      "BENCH requests=%d duration_us=%d errors=%d sent_people=%d sent_bots=%d " ..
      "p50_us=%d p99_us=%d\n",
      summary.requests, summary.duration,
      e.connect + e.read + e.write + e.status + e.timeout, sent_people, sent_bots,
      latency:percentile(50.0), latency:percentile(99.0)))
end
