/*
 * banned: functions that are easy to misuse; using one is a compile error.
 * Include last in every .c file of src/ and cmd/.
 */
#ifndef PCL_BANNED_H
#define PCL_BANNED_H

#define PCL_BANNED(f) sorry_##f##_is_banned_in_parcelclear

#undef strcpy
#define strcpy(x, y) PCL_BANNED(strcpy)
#undef strcat
#define strcat(x, y) PCL_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) PCL_BANNED(strncpy)
#undef strtok
#define strtok(x, y) PCL_BANNED(strtok)
#undef sprintf
#define sprintf(...) PCL_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) PCL_BANNED(vsprintf)
#undef gets
#define gets(x) PCL_BANNED(gets)
#undef atoi
#define atoi(x) PCL_BANNED(atoi)
#undef atol
#define atol(x) PCL_BANNED(atol)

#endif
