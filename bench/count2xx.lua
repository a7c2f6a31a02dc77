-- count2xx.lua: counts the 2xx answers of every wrk thread, for the write benchmarks
-- (feedback.lua, quiz.lua) that compare them with the rows found in the database
-- afterwards. A script dofile()s it and calls count2xx_thread(thread) from its setup().

local counted = {}

function count2xx_thread(thread)
   table.insert(counted, thread)
end

ok2xx = 0

function response(status, headers, body)
   if status >= 200 and status < 300 then
      ok2xx = ok2xx + 1
   end
end

status_2xx_count = function()
   local n = 0
   for _, t in ipairs(counted) do
      n = n + t:get("ok2xx")
   end
   return n
end
