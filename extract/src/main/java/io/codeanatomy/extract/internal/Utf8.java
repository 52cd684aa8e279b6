package io.codeanatomy.extract.internal;

/**
 * Strict UTF-8 validation without decoding (the same verdict as the JDK's REPORTing decoder: no overlong forms, no
 * surrogates, nothing above U+10FFFF), so valid files, the usual case, never become a Java string at all.
 */
public final class Utf8 {
    private Utf8() {}

    public static boolean isValid(byte[] b, int from) {
        int i = from;
        int n = b.length;
        while (i < n) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int min;
            int max = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
                min = 0x80;
            } else if (c == 0xE0) {
                need = 2;
                min = 0xA0;   // no overlong 3-byte forms
            } else if (c == 0xED) {
                need = 2;
                min = 0x80;
                max = 0x9F;   // no surrogates
            } else if (c >= 0xE1 && c <= 0xEF) {
                need = 2;
                min = 0x80;
            } else if (c == 0xF0) {
                need = 3;
                min = 0x90;   // no overlong 4-byte forms
            } else if (c >= 0xF1 && c <= 0xF3) {
                need = 3;
                min = 0x80;
            } else if (c == 0xF4) {
                need = 3;
                min = 0x80;
                max = 0x8F;   // nothing above U+10FFFF
            } else {
                return false;
            }
            if (i + need >= n) {
                return false;   // truncated sequence at the end
            }
            int second = b[i + 1] & 0xff;
            if (second < min || second > max) {
                return false;
            }
            for (int k = 2; k <= need; k++) {
                int cont = b[i + k] & 0xff;
                if (cont < 0x80 || cont > 0xBF) {
                    return false;
                }
            }
            i += need + 1;
        }
        return true;
    }
}
