/**
 * Lua scripts that make each conditional write one atomic step on the Redis server.
 *
 * A record is a hash: `v` (the value as JSON), `ver` (`<count>:<token>`: writes to the key so
 * far, and a token unique to this write), `exp` (epoch ms, when it has a TTL). The key carries
 * a PEXPIRE, so Redis itself removes the record at its TTL.
 */

/**
 * KEYS[1]: the key. ARGV: mode (`any` | `absent` | `match`), the expected version, the value,
 * the TTL in ms (`''` for none), expiresAt in ms (`''` for none), the write's unique token.
 * Returns `{1, version}` on success, `{0, value, version, expiresAt}` or `{0}` on a conflict.
 */
export const PUT_SCRIPT = `
local current = redis.call('HMGET', KEYS[1], 'v', 'ver', 'exp')
local exists = current[1] ~= false
local mode = ARGV[1]
if (mode == 'absent' and exists) or (mode == 'match' and (not exists or current[2] ~= ARGV[2])) then
  if exists then return {0, current[1], current[2], current[3] or ''} end
  return {0}
end
local count = 1
if exists then count = (tonumber(string.match(current[2], '^(%d+)')) or 0) + 1 end
local version = count .. ':' .. ARGV[6]
redis.call('DEL', KEYS[1])
if ARGV[4] == '' then
  redis.call('HSET', KEYS[1], 'v', ARGV[3], 'ver', version)
else
  redis.call('HSET', KEYS[1], 'v', ARGV[3], 'ver', version, 'exp', ARGV[5])
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
end
return {1, version}
`;

/** KEYS[1]: the key. ARGV[1]: the expected version. Returns 1 when deleted, else 0. */
export const DELETE_IF_VERSION_SCRIPT = `
if redis.call('HGET', KEYS[1], 'ver') ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
`;
