import { createRouter } from '../../create-router.ts';
import * as handlers from './missions.handlers.ts';
import * as routes from './missions.routes.ts';

export const missionsRouter = createRouter()
  .openapi(routes.listMissions, handlers.list)
  .openapi(routes.getMission, handlers.get)
  .openapi(routes.createMission, handlers.create)
  .openapi(routes.updateMission, handlers.update)
  .openapi(routes.deleteMission, handlers.remove)
  .openapi(routes.validateMission, handlers.validate)
  .openapi(routes.sendMissionForSignature, handlers.sendForSignature)
  .openapi(routes.signMission, handlers.sign)
  .openapi(routes.amendMission, handlers.amend)
  .openapi(routes.finishMission, handlers.finish)
  .openapi(routes.cancelMission, handlers.cancel)
  .openapi(routes.getMissionState, handlers.state)
  .openapi(routes.getMissionForecast, handlers.forecast)
  .openapi(routes.listMissionOccurrences, handlers.occurrences);
