/**
 * The operation store in a relational database, and its schema for each database it supports.
 */
@NullMarked
package dev.processing.operation.jdbc;

import org.jspecify.annotations.NullMarked;
