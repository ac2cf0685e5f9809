/**
 * Lua scripts of the Redis store. Each runs atomically in Redis, which is what keeps a session
 * key and its entry in the owner's `user-sessions` set consistent across app instances.
 * The scripts build key names from a prefix passed in ARGV; on Redis Cluster that is safe only
 * because the store's keys all share one hash tag, so every key a script touches lies in the slot
 * of the key it declares.
 */

// The user id recorded in a stored session, or nil (anonymous, missing, or not our JSON).
const OWNER_OF = `
local function owner_of(raw)
  if not raw then return nil end
  local ok, record = pcall(cjson.decode, raw)
  if ok and type(record) == 'table' and type(record.userId) == 'string' then return record.userId end
  return nil
end
`;

/**
 * Creates or (with ARGV[6] = '1') updates only-if-present a session, moving its index entry if
 * the owner changed and stretching the owner's set to outlive its longest session. A session
 * already past its expiry (TTL <= 0) is deleted instead, as Redis cannot hold a key that long.
 * KEYS[1] session; ARGV: json, ttl ms, index prefix, session key, user id or '', only-if-exists.
 * Returns 1 when written, 0 when the session was gone.
 */
export const SAVE_SESSION = `${OWNER_OF}
local current = redis.call('get', KEYS[1])
if ARGV[6] == '1' and not current then return 0 end
local previous = owner_of(current)
local ttl = tonumber(ARGV[2])
if previous and (previous ~= ARGV[5] or ttl <= 0) then redis.call('srem', ARGV[3] .. previous, ARGV[4]) end
if ttl <= 0 then
  redis.call('del', KEYS[1])
  return 1
end
redis.call('set', KEYS[1], ARGV[1], 'PX', ttl)
if ARGV[5] ~= '' then
  local index = ARGV[3] .. ARGV[5]
  redis.call('sadd', index, ARGV[4])
  if redis.call('pttl', index) < ttl then redis.call('pexpire', index, ttl) end
end
return 1
`;

/** Deletes a session and its index entry. KEYS[1] session; ARGV: index prefix, session key. */
export const DESTROY_SESSION = `${OWNER_OF}
local owner = owner_of(redis.call('get', KEYS[1]))
redis.call('del', KEYS[1])
if owner then redis.call('srem', ARGV[1] .. owner, ARGV[2]) end
return 1
`;

/**
 * Deletes every session in a user's set, then the set; returns how many sessions still existed.
 * KEYS[1] the user's set; ARGV: session key prefix.
 */
export const DESTROY_USER_SESSIONS = `
local destroyed = 0
for _, key in ipairs(redis.call('smembers', KEYS[1])) do
  destroyed = destroyed + redis.call('del', ARGV[1] .. key)
end
redis.call('del', KEYS[1])
return destroyed
`;

/** Drops set members whose session Redis has already expired. KEYS[1] a user's set; ARGV: session key prefix. */
export const PRUNE_USER_INDEX = `
for _, key in ipairs(redis.call('smembers', KEYS[1])) do
  if redis.call('exists', ARGV[1] .. key) == 0 then redis.call('srem', KEYS[1], key) end
end
return 0
`;

/** Deletes a lock only while it still holds the caller's token. KEYS[1] lock; ARGV: token. */
export const RELEASE_LOCK = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
`;

/** Raises a number kept under KEYS[1] to ARGV[1], never lowering it (an application-wide revocation instant). */
export const RAISE_NUMBER = `
local current = tonumber(redis.call('get', KEYS[1]) or '0') or 0
if tonumber(ARGV[1]) > current then redis.call('set', KEYS[1], ARGV[1]) end
return 1
`;
