package org.solidarityalerts.dispatch.subscription;

/**
 * What is wrong with one field, in words a person understands. Never repeats the value.
 *
 * @param field the field's name
 * @param message what is wrong
 */
public record FieldProblem(String field, String message) {
}
