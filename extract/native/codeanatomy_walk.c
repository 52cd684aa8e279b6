/*
 * Bulk reads of a syntax tree for the JVM walker (TsNative): one call per file writes every node's fields into flat
 * arrays, where the walk over FFM took five or more downcalls per node, each copying a TSNode struct by value.
 * Linked into libtree-sitter.so by build.sh.
 */
#include <stdint.h>
#include <stdlib.h>
#include "tree_sitter/api.h"

/* Ints per node in the flat array; keep in step with TsNative.FLAT_* */
enum {
  CA_SYMBOL, CA_FIELD, CA_START, CA_END, CA_ROW, CA_FLAGS, CA_SUBTREE_END, CA_NAMED_CHILDREN, CA_DEPTH, CA_PARENT,
  CA_INTS
};
enum { CA_NAMED = 1, CA_MISSING = 2 };

/*
 * Writes the nodes a TSTreeCursor visits from root, in pre-order: node i's fields into ints[i * CA_INTS ...] and its
 * TSNode into nodes[i] (for the lookups below). CA_SUBTREE_END is the index after the node's last descendant.
 * Returns the node count, or 0 when it is above capacity (nothing usable is written: retry with more room), or
 * UINT32_MAX when memory for the walk's stack runs out.
 */
uint32_t codeanatomy_ts_flatten(const TSNode *root, uint32_t *ints, TSNode *nodes, uint32_t capacity) {
  uint32_t stack_size = 256;
  uint32_t *open = malloc(stack_size * sizeof(uint32_t));   /* index of the open node at each depth */
  if (!open) return UINT32_MAX;
  TSTreeCursor cursor = ts_tree_cursor_new(*root);
  uint32_t count = 0;
  uint32_t depth = 0;
  for (;;) {
    if (count == capacity) {
      count = 0;
      break;
    }
    if (depth == stack_size) {
      stack_size *= 2;
      uint32_t *grown = realloc(open, stack_size * sizeof(uint32_t));
      if (!grown) {
        count = UINT32_MAX;
        break;
      }
      open = grown;
    }
    uint32_t i = count++;
    TSNode node = ts_tree_cursor_current_node(&cursor);
    uint32_t *n = ints + (size_t) i * CA_INTS;
    n[CA_SYMBOL] = ts_node_symbol(node);
    n[CA_FIELD] = ts_tree_cursor_current_field_id(&cursor);
    n[CA_START] = ts_node_start_byte(node);
    n[CA_END] = ts_node_end_byte(node);
    n[CA_ROW] = ts_node_start_point(node).row;
    n[CA_FLAGS] = (ts_node_is_named(node) ? CA_NAMED : 0) | (ts_node_is_missing(node) ? CA_MISSING : 0);
    n[CA_SUBTREE_END] = i + 1;
    n[CA_NAMED_CHILDREN] = ts_node_named_child_count(node);
    n[CA_DEPTH] = depth;
    n[CA_PARENT] = depth == 0 ? UINT32_MAX : open[depth - 1];
    nodes[i] = node;
    open[depth] = i;
    if (ts_tree_cursor_goto_first_child(&cursor)) {
      depth++;
      continue;
    }
    int done = 0;
    for (;;) {
      ints[(size_t) open[depth] * CA_INTS + CA_SUBTREE_END] = count;   /* leaving the node at this depth */
      if (ts_tree_cursor_goto_next_sibling(&cursor)) break;
      if (depth == 0 || !ts_tree_cursor_goto_parent(&cursor)) {
        done = 1;
        break;
      }
      depth--;
    }
    if (done) break;
  }
  ts_tree_cursor_delete(&cursor);
  free(open);
  return count;
}

/* Index of the flattened child (direct, in cursor order) that is the same node as c, or -2 when there is none. */
static int32_t ca_index_among_children(const TSNode *nodes, const uint32_t *ints, uint32_t parent, TSNode c) {
  uint32_t end = ints[(size_t) parent * CA_INTS + CA_SUBTREE_END];
  for (uint32_t j = parent + 1; j < end; j = ints[(size_t) j * CA_INTS + CA_SUBTREE_END]) {
    if (nodes[j].id == c.id && nodes[j].context[0] == c.context[0]) return (int32_t) j;
  }
  return -2;
}

/* ts_node_child_by_field_id of node i, as an index into the flat arrays; -1 when there is no such child. */
int32_t codeanatomy_ts_child_by_field(const TSNode *nodes, const uint32_t *ints, uint32_t i, TSFieldId field) {
  TSNode c = ts_node_child_by_field_id(nodes[i], field);
  return ts_node_is_null(c) ? -1 : ca_index_among_children(nodes, ints, i, c);
}

/* ts_node_prev_named_sibling of node i, as an index into the flat arrays; -1 when there is none. */
int32_t codeanatomy_ts_prev_named_sibling(const TSNode *nodes, const uint32_t *ints, uint32_t i) {
  TSNode s = ts_node_prev_named_sibling(nodes[i]);
  if (ts_node_is_null(s)) return -1;
  uint32_t parent = ints[(size_t) i * CA_INTS + CA_PARENT];
  return parent == UINT32_MAX ? -2 : ca_index_among_children(nodes, ints, parent, s);
}
