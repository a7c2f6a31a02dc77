-- feedback.lua: wrk script for bench/run.sh that sends POST /api/v1/feedback, one new
-- feedback row per request through Tala's writer, and counts the 2xx answers per
-- thread (a 201 is only sent once the row is durable) so run.sh can compare them
-- with the rows found in the database afterwards.

wrk.method = "POST"
wrk.body = '{"body":"bench message","lang":"zh"}'
wrk.headers["Content-Type"] = "application/json"

local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")

dofile(dir .. "count2xx.lua")

function setup(thread)
   count2xx_thread(thread)
end
