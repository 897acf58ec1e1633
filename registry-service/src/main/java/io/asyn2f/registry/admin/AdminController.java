package io.asyn2f.registry.admin;

import java.util.List;

import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.asyn2f.registry.worker.WorkerService;
import io.asyn2f.registry.worker.WorkerState;
import io.asyn2f.registry.worker.WorkerView;

/** Operators' view of workers (HTTP Basic, admin credentials). */
@RestController
@RequestMapping("/api/v1/admin/workers")
class AdminController {

    private final WorkerService workers;

    AdminController(WorkerService workers) {
        this.workers = workers;
    }

    @GetMapping
    List<WorkerView> list(@RequestParam(required = false) String sessionId,
            @RequestParam(required = false) WorkerState state) {
        return workers.list(sessionId, state);
    }

    @GetMapping("/{workerId}")
    WorkerView find(@PathVariable String workerId) {
        return workers.find(workerId);
    }

    @PostMapping("/{workerId}/revoke")
    WorkerView revoke(@PathVariable String workerId, @Valid @RequestBody RevokeRequest request) {
        return workers.revoke(workerId, request.reason());
    }
}
