-- wrk script for benches/site.sh: cold article pages.
--
--     wrk -t2 -c2 -d15s --latency -s benches/site-cold.lua URL PATHS_FILE THREADS
--
-- PATHS_FILE holds one request path per line, already shuffled. Thread k (0-based) requests
-- lines k+1, k+1+THREADS, k+1+2·THREADS, …, so no path is asked for twice until the list
-- runs out: every request is a page-cache miss while fewer requests than lines are made.

local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  step = tonumber(args[2]) or 1
  first = id + 1
  pos = first
end

function request()
  local path = paths[pos]
  pos = pos + step
  if pos > #paths then
    pos = first
  end
  return wrk.format("GET", path)
end
