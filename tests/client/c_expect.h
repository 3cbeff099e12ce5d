/* EXPECT_EQ for the <wmium.h> C test programs: prints the mismatch and counts it in `failures`, which the
 * including file defines (static int failures = 0;). */
#ifndef WMIPORT_TESTS_CLIENT_C_EXPECT_H_
#define WMIPORT_TESTS_CLIENT_C_EXPECT_H_

#include <stdio.h>

#define EXPECT_EQ(actual, expected)                                                                                   \
  do {                                                                                                                \
    unsigned long actual_value = (unsigned long)(actual), expected_value = (unsigned long)(expected);                 \
    if (actual_value != expected_value) {                                                                             \
      fprintf(stderr, "%s:%d: %s is %lu, expected %lu\n", __FILE__, __LINE__, #actual, actual_value, expected_value); \
      ++failures;                                                                                                     \
    }                                                                                                                 \
  } while (0)

#endif
