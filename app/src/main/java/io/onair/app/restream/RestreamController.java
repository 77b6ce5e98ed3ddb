package io.onair.app.restream;

import io.onair.app.security.OnairUser;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The owner's restream destinations ({@link RestreamService}). */
@RestController
@RequestMapping("/api/channels/{channel}/restreams")
public class RestreamController {
    private final RestreamService restreams;

    public RestreamController(RestreamService restreams) {
        this.restreams = restreams;
    }

    public record NewDestination(String name, String url, String streamKey) {
    }

    public record Switch(Boolean enabled) {
    }

    @GetMapping
    public List<RestreamService.Destination> list(@PathVariable("channel") String channel,
            @AuthenticationPrincipal OnairUser user) {
        return restreams.list(user, channel);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public RestreamService.Destination add(@PathVariable("channel") String channel, @RequestBody NewDestination body,
            @AuthenticationPrincipal OnairUser user) {
        return restreams.add(user, channel, body.name(), body.url(), body.streamKey());
    }

    /** {@code {"enabled": false}} keeps the destination (and its key) but stops pushing to it. */
    @PutMapping("/{id}")
    public RestreamService.Destination update(@PathVariable("channel") String channel, @PathVariable("id") long id,
            @RequestBody Switch body, @AuthenticationPrincipal OnairUser user) {
        if (body.enabled() == null) {
            throw io.onair.app.api.ApiException.invalid(List.of(
                    new io.onair.app.api.ApiException.FieldError("enabled", "is required (true or false)")));
        }
        return restreams.setEnabled(user, channel, id, body.enabled());
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable("channel") String channel, @PathVariable("id") long id,
            @AuthenticationPrincipal OnairUser user) {
        restreams.delete(user, channel, id);
        return ResponseEntity.noContent().build();
    }
}
