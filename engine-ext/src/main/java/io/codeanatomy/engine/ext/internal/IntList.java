package io.codeanatomy.engine.ext.internal;

import java.util.Arrays;

/** A growable list of primitive ints. */
final class IntList {
    private int[] values = new int[8];
    private int size;

    void add(int value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    int get(int index) {
        return values[index];
    }

    void set(int index, int value) {
        values[index] = value;
    }

    void truncate(int newSize) {
        size = newSize;
    }

    int size() {
        return size;
    }
}
