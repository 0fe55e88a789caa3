// The one way UI pages talk to the background page: typed requests from src/shared/protocol.ts.
import type { Request, ResponseOf } from "../shared/protocol";

export async function ask<R extends Request>(request: R): Promise<ResponseOf[R["type"]]> {
  return (await messenger.runtime.sendMessage(request)) as ResponseOf[R["type"]];
}
