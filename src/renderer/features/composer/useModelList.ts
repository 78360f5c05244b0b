// The models of every provider and the providers themselves, asked of the host
// once per page and shared by every picker.

import { useEffect, useState } from 'react';
import type { ModelInfo, OffloadService, ProviderInfo } from '../../../shared/contract/offloadService.js';
import { useServices } from '../../app/servicesContext.js';
import { anthropicListed } from './models.js';

export interface ModelCatalog {
  models: ModelInfo[];
  providers: ProviderInfo[];
}

const EMPTY: ModelCatalog = { models: [], providers: [] };
let listing: Promise<ModelCatalog> | null = null;

function listOnce(service: OffloadService): Promise<ModelCatalog> {
  listing ??= Promise.all([service.listModels(), service.listProviders().catch(() => [])]).then(
    ([models, providers]) => ({ models, providers }),
    () => {
      listing = null; // a failed call (e.g. while reconnecting) is asked again next time
      return EMPTY;
    },
  );
  return listing;
}

export function useModelCatalog(): ModelCatalog {
  const { service } = useServices();
  const [catalog, setCatalog] = useState<ModelCatalog>(EMPTY);
  useEffect(() => {
    let live = true;
    void listOnce(service).then((next) => live && setCatalog(next));
    return () => {
      live = false;
    };
  }, [service]);
  return catalog;
}

/** The Anthropic API's model ids (the settings' default model is one of them). */
export function useModelList(): string[] {
  const { models } = useModelCatalog();
  return anthropicListed(models).map((m) => m.id);
}
