"""The cheapest one-to-one assignment of files to tracks (the Hungarian method).

Greedy matching goes wrong exactly where it matters: two tracks titled "Intro" and
"Intro (Reprise)", or a bonus track that fits two files a little. The Hungarian method
finds the assignment whose total distance is least, in O(n²·m) for n files and m tracks
(an album is at most a few hundred tracks). Rectangular matrices are allowed: with more
files than tracks, some files stay unassigned (and are reported), and the other way round
some tracks stay missing.
"""

from __future__ import annotations

from collections.abc import Sequence

_INF = float("inf")


def _assign_rows(cost: Sequence[Sequence[float]], rows: int, cols: int) -> list[int]:
    """For ``rows <= cols``: the column of each row in a least-cost assignment.

    Shortest augmenting paths with row and column potentials; arrays are 1-based with
    index 0 as the virtual start, as the classical formulation is written.
    """
    u = [0.0] * (rows + 1)
    v = [0.0] * (cols + 1)
    owner = [0] * (cols + 1)  # owner[j]: the row assigned to column j (0: free)
    way = [0] * (cols + 1)
    for row in range(1, rows + 1):
        owner[0] = row
        col = 0
        best = [_INF] * (cols + 1)
        used = [False] * (cols + 1)
        while True:
            used[col] = True
            current = owner[col]
            delta = _INF
            next_col = 0
            for j in range(1, cols + 1):
                if used[j]:
                    continue
                reduced = cost[current - 1][j - 1] - u[current] - v[j]
                if reduced < best[j]:
                    best[j] = reduced
                    way[j] = col
                if best[j] < delta:
                    delta = best[j]
                    next_col = j
            for j in range(cols + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    best[j] -= delta
            col = next_col
            if owner[col] == 0:
                break
        while col:
            previous = way[col]
            owner[col] = owner[previous]
            col = previous
    column_of = [0] * rows
    for j in range(1, cols + 1):
        if owner[j]:
            column_of[owner[j] - 1] = j - 1
    return column_of


def assign(cost: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """(row, column) pairs of a least-cost assignment; min(rows, columns) pairs."""
    rows = len(cost)
    cols = len(cost[0]) if rows else 0
    if not rows or not cols:
        return []
    if rows <= cols:
        return [(r, c) for r, c in enumerate(_assign_rows(cost, rows, cols))]
    transposed = [[cost[r][c] for r in range(rows)] for c in range(cols)]
    return sorted((r, c) for c, r in enumerate(_assign_rows(transposed, cols, rows)))
