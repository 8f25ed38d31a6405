namespace InstanceManager.Caching;

/// <summary>
/// Chooses the entry a full cache drops: an expired one if there is one, else the least recently used one. Used
/// only under the cache's write lock.
/// </summary>
/// <remarks>
/// <para>
/// Expired first: every entry lives equally long, so entries expire in the order they were stored, and the oldest
/// stored entry still in the cache is the first to expire. A queue in store order answers in constant time;
/// entries that left the cache are skipped when they reach its head, and the queue is compacted when such leftovers
/// outnumber the live entries.
/// </para>
/// <para>
/// Least recently used: hits only stamp their entry (no lock, no list to reorder), so the order is found when it is
/// needed. One pass sorts the live entries by stamp and keeps them as candidates, oldest first; evictions then take
/// the next candidate whose stamp has not changed since (a candidate hit since then is no longer old and is
/// skipped). That victim is the exact least recently used entry: every entry outside the remaining candidates was
/// stored or hit after the pass, or had a newer stamp already. A new pass is needed only when the candidates run
/// out, at the earliest after as many evictions or hits as there are entries, so an eviction costs amortized
/// O(log n) comparisons (the sort) instead of the O(n) scan it replaced.
/// </para>
/// </remarks>
internal sealed class EvictionOrder
{
    private const int CompactionSlack = 64;

    private readonly Queue<CacheEntry> _stored = new();
    private CacheEntry?[] _candidates = [];
    private long[] _candidateStamps = [];
    private int _nextCandidate;
    private int _candidateCount;

    /// <summary>Records an entry just stored; <paramref name="liveCount"/> is the number of entries now in the cache.</summary>
    public void Stored(CacheEntry entry, int liveCount)
    {
        _stored.Enqueue(entry);
        if (_stored.Count > (2 * liveCount) + CompactionSlack)
        {
            Compact();
        }
    }

    /// <summary>Forgets every entry (the cache was emptied).</summary>
    public void Clear()
    {
        _stored.Clear();
        Array.Clear(_candidates);
        _nextCandidate = 0;
        _candidateCount = 0;
    }

    /// <summary>The entry to drop from a full cache at <paramref name="now"/>; the cache must not be empty.</summary>
    public CacheEntry Victim(long now) => Expired(now) ?? LeastRecentlyUsed();

    /// <summary>The entry that expired first, if one has expired at <paramref name="now"/>.</summary>
    private CacheEntry? Expired(long now)
    {
        while (_stored.TryPeek(out var oldest))
        {
            if (!oldest.Removed)
            {
                return oldest.ExpiresAt <= now ? oldest : null;
            }

            _stored.Dequeue();
        }

        return null;
    }

    private CacheEntry LeastRecentlyUsed()
    {
        while (_nextCandidate < _candidateCount)
        {
            var candidate = _candidates[_nextCandidate]!;
            var stamp = _candidateStamps[_nextCandidate];
            _candidates[_nextCandidate++] = null;
            if (!candidate.Removed && candidate.LastAccess == stamp)
            {
                return candidate;
            }
        }

        return FindCandidates();
    }

    /// <summary>
    /// Sorts the live entries by stamp into the candidates and returns the oldest, even if a concurrent hit stamped
    /// it meanwhile, so that eviction always makes progress.
    /// </summary>
    private CacheEntry FindCandidates()
    {
        if (_candidates.Length < _stored.Count)
        {
            _candidates = new CacheEntry?[_stored.Count];
            _candidateStamps = new long[_stored.Count];
        }

        var count = 0;
        foreach (var entry in _stored)
        {
            if (!entry.Removed)
            {
                _candidates[count] = entry;
                _candidateStamps[count++] = entry.LastAccess;
            }
        }

        if (count == 0)
        {
            throw new InvalidOperationException("Eviction from an empty cache.");
        }

        Array.Sort(_candidateStamps, _candidates, 0, count);
        var oldest = _candidates[0]!;
        _candidates[0] = null;
        _candidateCount = count;
        _nextCandidate = 1;
        return oldest;
    }

    private void Compact()
    {
        for (var remaining = _stored.Count; remaining > 0; remaining--)
        {
            var entry = _stored.Dequeue();
            if (!entry.Removed)
            {
                _stored.Enqueue(entry);
            }
        }
    }
}
