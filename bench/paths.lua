-- wrk script: each request takes the next path from the file named by $PATHS, so a run spreads over many distinct
-- pages (no page is served from a warm per-page cache more than once every few seconds).
local paths = {}
local i = 0

function init(args)
    local file = io.open(os.getenv("PATHS"), "r")
    for line in file:lines() do
        paths[#paths + 1] = line
    end
    file:close()
    -- Each wrk thread starts at a different place in the list.
    i = math.random(#paths)
end

function request()
    i = i % #paths + 1
    return wrk.format("GET", paths[i])
end
