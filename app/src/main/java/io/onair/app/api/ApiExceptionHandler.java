package io.onair.app.api;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Every MVC error as RFC 9457 problem+json, in one place (it replaces Boot's own problem handler, which it
 * extends): {@link ApiException}s with their status, and input errors with the offending fields under
 * {@code errors}: {@code [{"field":"password","message":"must be at least 10 characters"}]}.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        if (!e.errors().isEmpty()) {
            problem.setProperty("errors", e.errors());
        }
        return ResponseEntity.status(e.status()).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ApiException.FieldError> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(f -> new ApiException.FieldError(f.getField(), String.valueOf(f.getDefaultMessage())))
                .toList();
        ProblemDetail problem = ex.getBody();
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    /**
     * No handler: Spring's detail ("No static resource api/channels/x/foo.") describes its fallback, the static
     * files, not the mistake. Under {@code /api/} the caller meant an endpoint: say which request has none.
     */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String path = "/" + ex.getResourcePath();
        if (path.startsWith("/api/")) {
            ProblemDetail problem = ex.getBody();
            problem.setDetail("No API endpoint " + ex.getHttpMethod().name() + " " + path
                    + " (the endpoints: /api/openapi.json)");
            return handleExceptionInternal(ex, problem, headers, status, request);
        }
        return super.handleNoResourceFoundException(ex, headers, status, request);
    }

    /**
     * A body that is not JSON, or JSON of the wrong shape: Spring's own answer is "Failed to read request", which does
     * not tell a developer what to fix. A value of the wrong type names its field ({@code tags}, {@code tiers[0].price})
     * like any other input error; a syntax error says where it is. The input itself is not echoed beyond Jackson's
     * own (length-limited) token excerpt.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        JacksonException json = jacksonCause(ex);
        if (json != null && !json.getPath().isEmpty()) {
            String field = field(json.getPath());
            String message = json instanceof MismatchedInputException m && m.getTargetType() != null
                    ? "must be " + describe(m.getTargetType())
                    : json instanceof InputCoercionException c && c.getTargetType() != null
                    ? "must be " + describe(c.getTargetType()) + " in range" : "has a value that cannot be read";
            problem.setDetail("Invalid " + field);
            problem.setProperty("errors", List.of(new ApiException.FieldError(field, message)));
        } else if (json != null) {
            TokenStreamLocation at = json.getLocation();
            String where = at == null || at.getLineNr() < 0 ? ""
                    : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            problem.setDetail("The body is not valid JSON" + where + ": " + abbreviate(json.getOriginalMessage()));
        } else {
            problem.setDetail(ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing")
                    ? "A JSON body is required" : "The body cannot be read");
        }
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    /** A query or path parameter of the wrong type ({@code ?days=abc}): named like a body field. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String field = ex instanceof MethodArgumentTypeMismatchException m ? m.getName() : ex.getPropertyName();
        if (field == null || ex.getRequiredType() == null) {
            return super.handleTypeMismatch(ex, headers, status, request);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, "Invalid " + field);
        problem.setProperty("errors", List.of(new ApiException.FieldError(field,
                "must be " + describe(ex.getRequiredType()))));
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    private static JacksonException jacksonCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JacksonException j) {
                return j;
            }
        }
        return null;
    }

    /** The path as the API's field names elsewhere: {@code tiers[0].price}. */
    private static String field(List<JacksonException.Reference> path) {
        StringBuilder b = new StringBuilder();
        for (JacksonException.Reference r : path) {
            if (r.getPropertyName() != null) {
                b.append(b.isEmpty() ? "" : ".").append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.isEmpty() ? "body" : b.toString();
    }

    private static String describe(Class<?> type) {
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type.isEnum()) {
            return "one of the allowed values";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a " + type.getSimpleName();
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "unreadable";
        }
        String line = s.lines().findFirst().orElse("");
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }
}
