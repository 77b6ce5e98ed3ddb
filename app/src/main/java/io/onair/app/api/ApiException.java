package io.onair.app.api;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * An API error, answered as RFC 9457 problem+json by {@link ApiExceptionHandler}: the status, a detail for people,
 * and for input errors the offending fields under {@code errors} ({@code [{"field":"username","message":…}]}), so a
 * form can put each message beside its field.
 */
public final class ApiException extends RuntimeException {
    private final HttpStatus status;
    private final List<FieldError> errors;

    public ApiException(HttpStatus status, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, detail, List.of());
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, detail, List.of());
    }

    public static ApiException invalid(List<FieldError> errors) {
        return new ApiException(HttpStatus.BAD_REQUEST, "Invalid " + String.join(", ",
                errors.stream().map(FieldError::field).distinct().toList()), errors);
    }

    public static ApiException conflict(String field, String message) {
        return new ApiException(HttpStatus.CONFLICT, field + " " + message, List.of(new FieldError(field, message)));
    }

    public HttpStatus status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** One invalid input field: its name in the request and what is wrong, for people. */
    public record FieldError(String field, String message) {
    }
}
