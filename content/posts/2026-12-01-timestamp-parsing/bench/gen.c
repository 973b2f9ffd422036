/* Writes N access-log lines with ISO-8601 UTC timestamps to stdout, deterministically. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    unsigned long long x = 88172645463325252ULL;               /* xorshift64: same file every run */
    const char *paths[] = {"/", "/api/items", "/static/app.js", "/login", "/api/search?q=perf"};
    long long t = 1764547200LL;                                  /* 2025-12-01 00:00:00 UTC */
    for (long i = 0; i < n; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        t += (long long)(x % 3);                                  /* a few lines per second */
        long long s = t, days = s / 86400, rem = s % 86400;
        /* civil_from_days (H. Hinnant) to print the date */
        long long z = days + 719468, era = z / 146097, doe = z - era * 146097;
        long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
        long long d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
        y += m <= 2;
        printf("%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%03lluZ GET %s %d %llu\n", y, m, d, rem / 3600,
               rem / 60 % 60, rem % 60, x % 1000, paths[x % 5], x % 7 ? 200 : 404, 200 + x % 5000);
    }
    return 0;
}
