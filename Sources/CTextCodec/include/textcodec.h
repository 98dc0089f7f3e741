#ifndef MATCH_TEXTCODEC_H
#define MATCH_TEXTCODEC_H
#include <stddef.h>

/// Converts `inlen` bytes of `from_charset` text (for example "GB18030") to UTF-8 with glibc's iconv.
/// Writes at most `outcap` bytes to `out`. Returns the number of bytes written, or
/// -1 when the input holds a byte sequence invalid in `from_charset` (then `*bad_offset`
/// is the offset of the first invalid byte), -2 when `out` is too small,
/// -3 when the conversion is not supported by this C library.
long match_convert_to_utf8(const char *from_charset, const unsigned char *in, size_t inlen,
                           unsigned char *out, size_t outcap, size_t *bad_offset);
#endif
