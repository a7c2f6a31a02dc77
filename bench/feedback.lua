-- feedback.lua: wrk script for bench/run.sh that sends POST /api/v1/feedback, one new
-- feedback row per request through Tala's writer, and counts the 2xx answers per
-- thread (a 201 is only sent once the row is durable) so run.sh can compare them
-- with the rows found in the database afterwards.

wrk.method = "POST"
wrk.body = '{"body":"bench message","lang":"zh"}'
wrk.headers["Content-Type"] = "application/json"

local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

ok2xx = 0

function response(status, headers, body)
   if status >= 200 and status < 300 then
      ok2xx = ok2xx + 1
   end
end

status_2xx_count = function()
   local n = 0
   for _, t in ipairs(threads) do
      n = n + t:get("ok2xx")
   end
   return n
end
