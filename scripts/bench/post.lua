-- wrk: POST a chat completion; BODY and KEY come from the environment.
wrk.method = "POST"
wrk.body = os.getenv("BODY")
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("KEY")
if key and key ~= "" then wrk.headers["Authorization"] = "Bearer " .. key end

-- The first few failures are printed, so a run with non-2xx answers shows why.
local shown = 0
response = function(status, headers, body)
  if status ~= 200 and shown < 2 then
    shown = shown + 1
    io.write("non-2xx ", status, ": ", body, "\n")
  end
end
