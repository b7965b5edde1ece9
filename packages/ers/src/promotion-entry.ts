/** @abraxas/ers/promotion — the pure metric promotion lifecycle (candidate → shadow → canary → promoted). */
export {
  DEFAULT_PROMOTION_POLICY,
  PROMOTION_STAGES,
  decidePromotion,
  initialPromotionState,
  isConsumed,
  laneForStage,
  promotionPolicy,
  type PromotionDecision,
  type PromotionDecisionKind,
  type PromotionEvidence,
  type PromotionPolicy,
  type PromotionStage,
  type PromotionState,
  type StagePolicy,
} from './promotion.js';
