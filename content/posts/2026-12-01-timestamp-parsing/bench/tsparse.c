/* Sums the timestamps (ms since the epoch) of every line of an access log: the work under test.
 * Built three times, one parser each: -DPARSER=0 sscanf + timegm (the original), 1 strptime + timegm
 * (a dead end), 2 fixed-width digits + days_from_civil (the fix). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef PARSER
#define PARSER 2
#endif

#if PARSER == 0
static long long parse_ms(const char *line) {
    struct tm tm = {0};
    int ms = 0;
    sscanf(line, "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
           &tm.tm_sec, &ms);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (long long)timegm(&tm) * 1000 + ms;
}
#elif PARSER == 1
static long long parse_ms(const char *line) {
    struct tm tm = {0};
    const char *rest = strptime(line, "%Y-%m-%dT%H:%M:%S", &tm);
    int ms = rest && *rest == '.' ? atoi(rest + 1) : 0;
    return (long long)timegm(&tm) * 1000 + ms;
}
#else
static int digits(const char *p, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) v = v * 10 + (p[i] - '0');
    return v;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static long long days_from_civil(long long y, int m, int d) {
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static long long parse_ms(const char *p) {  /* YYYY-MM-DDTHH:MM:SS.mmmZ, columns fixed */
    long long days = days_from_civil(digits(p, 4), digits(p + 5, 2), digits(p + 8, 2));
    long long secs = days * 86400 + digits(p + 11, 2) * 3600 + digits(p + 14, 2) * 60 + digits(p + 17, 2);
    return secs * 1000 + digits(p + 20, 3);
}
#endif

int main(int argc, char **argv) {
    FILE *in = argc > 1 ? fopen(argv[1], "r") : stdin;
    if (!in) { perror(argv[1]); return 1; }
    char line[512];
    long long sum = 0;
    long lines = 0;
    while (fgets(line, sizeof line, in)) {
        sum += parse_ms(line);
        lines++;
    }
    printf("%ld lines, checksum %lld\n", lines, sum);
    return 0;
}
