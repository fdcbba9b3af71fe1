package com.jada.chartersync.standin.dynamodb;

/** An error the stand-in answers in DynamoDB's JSON error shape (HTTP 400, {@code __type} and message). */
class DdbException extends RuntimeException {

    private final String type;

    DdbException(String type, String message) {
        super(message);
        this.type = type;
    }

    String type() {
        return "com.amazonaws.dynamodb.v20120810#" + type;
    }

    static final class Validation extends DdbException {
        Validation(String message) {
            super("ValidationException", message);
        }
    }

    static DdbException conditionFailed() {
        return new DdbException("ConditionalCheckFailedException", "The conditional request failed");
    }

    static DdbException notFound(String table) {
        return new DdbException("ResourceNotFoundException", "Requested resource not found: Table: " + table + " not found");
    }

    static DdbException inUse(String table) {
        return new DdbException("ResourceInUseException", "Table already exists: " + table);
    }
}
