package io.codeanatomy.delta;

/**
 * What a write does to the table.
 *
 * @since 0.1
 */
public enum WriteMode {
    /** Create the table; fail if one exists at the location. */
    CREATE,
    /** Add the rows; create the table if there is none. */
    APPEND,
    /** Replace every row in one commit (earlier versions stay readable by time travel); create the table if there is none. */
    OVERWRITE
}
