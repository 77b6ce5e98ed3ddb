package io.onair.app.api;

import java.util.ArrayList;
import java.util.List;

/** Collects every field error of a request, so a form shows them all at once; {@link #check} throws if any. */
public final class Validation {
    private final List<ApiException.FieldError> errors = new ArrayList<>();

    public Validation reject(String field, String message) {
        errors.add(new ApiException.FieldError(field, message));
        return this;
    }

    /** A text field: required or not, at most {@code max} characters, no control characters. */
    public String text(String field, String value, boolean required, int max) {
        String v = value == null ? "" : value.strip();
        if (required && v.isEmpty()) {
            reject(field, "is required");
        } else if (v.codePointCount(0, v.length()) > max) {
            reject(field, "must be at most " + max + " characters");
        } else if (v.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL)) {
            reject(field, "must not contain control characters");
        }
        return v;
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    public void check() {
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }
}
