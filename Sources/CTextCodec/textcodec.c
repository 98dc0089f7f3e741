#include "textcodec.h"
#include <errno.h>
#include <iconv.h>

long match_convert_to_utf8(const char *from_charset, const unsigned char *in, size_t inlen,
                           unsigned char *out, size_t outcap, size_t *bad_offset) {
    iconv_t cd = iconv_open("UTF-8", from_charset);
    if (cd == (iconv_t)-1) return -3;
    char *ip = (char *)in;
    char *op = (char *)out;
    size_t il = inlen, ol = outcap;
    long result;
    if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
        if (errno == E2BIG) {
            result = -2;
        } else {
            /* EILSEQ (invalid sequence) or EINVAL (truncated sequence at the end) */
            if (bad_offset) *bad_offset = (size_t)(ip - (char *)in);
            result = -1;
        }
    } else {
        result = (long)(outcap - ol);
    }
    iconv_close(cd);
    return result;
}
