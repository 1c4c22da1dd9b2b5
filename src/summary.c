/*
 * summary: process figures for summary.json (see summary.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"
#include "banned.h"

unsigned long
pcl_summary_peak_rss_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	unsigned long kib = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, "VmHWM:", 6) == 0) {
			kib = strtoul(line + 6, NULL, 10);
			break;
		}
	fclose(f);
	return kib;
}
