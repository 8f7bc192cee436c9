package org.liaison.server.task;

import java.util.Map;
import org.liaison.proto.v1.ClientFrame.BodyCase;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.server.session.RequestHandler;

/** Maps the task requests of the protocol to {@link TaskService} calls. */
public final class TaskHandlers {
  private TaskHandlers() {}

  public static void register(Map<BodyCase, RequestHandler> handlers, TaskService tasks) {
    handlers.put(BodyCase.TASK_CHANGE, (connection, frame) ->
        tasks.change(connection.session(), frame.getTaskChange())
            .thenApply(accepted -> ServerFrame.newBuilder().setTaskAccepted(accepted)));
    handlers.put(BodyCase.LIST_TASKS, (connection, frame) ->
        tasks.list(connection.session().officer(), frame.getListTasks())
            .thenApply(list -> ServerFrame.newBuilder().setTaskList(list)));
    handlers.put(BodyCase.GET_TASK, (connection, frame) ->
        tasks.get(connection.session().officer(), frame.getGetTask().getTaskId())
            .thenApply(detail -> ServerFrame.newBuilder().setTaskDetail(detail)));
  }
}
