-- quiz.lua: wrk script for bench/quiz.sh — answers quiz questions through
-- PUT /api/v1/quiz/attempts/:id/answers/:position as the participants who own the
-- attempts (session cookie, CSRF token, attempt token), each request a different
-- (attempt, position) until all are used, then around again. The attempts come from the
-- file named by the QUIZ_ATTEMPTS environment variable, one per line:
--   attempt_id token session csrf option_1 option_2 ... option_N
-- Each wrk thread takes every THREADS-th line. 2xx answers are counted per thread
-- (an answer is acknowledged only once durable) for quiz.sh to compare with the database.

local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")
dofile(dir .. "count2xx.lua")

local nthreads = 0

function setup(thread)
   thread:set("tid", nthreads)
   nthreads = nthreads + 1
   count2xx_thread(thread)
end

local attempts = {}
local k = 0

function init(args)
   local n = 0
   local path = os.getenv("QUIZ_ATTEMPTS")
   local stride = tonumber(os.getenv("QUIZ_THREADS") or "1")
   local i = 0
   for line in io.lines(path) do
      if i % stride == tid then
         local f = {}
         for w in line:gmatch("%S+") do table.insert(f, w) end
         local a = { id = f[1], opts = {} }
         a.headers = {
            ["Content-Type"] = "application/json",
            ["X-Attempt-Token"] = f[2],
            ["Cookie"] = "tala_session=" .. f[3],
            ["X-CSRF-Token"] = f[4],
         }
         for j = 5, #f do table.insert(a.opts, f[j]) end
         table.insert(attempts, a)
         n = n + 1
      end
      i = i + 1
   end
end

function request()
   local m = #attempts
   local a = attempts[(k % m) + 1]
   local pos = (math.floor(k / m) % #a.opts) + 1
   k = k + 1
   return wrk.format("PUT", "/api/v1/quiz/attempts/" .. a.id .. "/answers/" .. pos,
                     a.headers, '{"options":[' .. a.opts[pos] .. ']}')
end
