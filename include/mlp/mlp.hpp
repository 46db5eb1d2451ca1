// mlp.hpp: the whole public API in one include.
#pragma once

#include "mlp/activation.hpp"
#include "mlp/activation_registry.hpp"
#include "mlp/activations_piecewise.hpp"
#include "mlp/activations_smooth.hpp"
#include "mlp/activations_softmax.hpp"
#include "mlp/collapse.hpp"
#include "mlp/dense.hpp"
#include "mlp/gradcheck.hpp"
#include "mlp/layer.hpp"
#include "mlp/loss.hpp"
#include "mlp/model_file.hpp"
#include "mlp/rng.hpp"
#include "mlp/sequential.hpp"
#include "mlp/sgd.hpp"
#include "mlp/tensor.hpp"
#include "mlp/trainer.hpp"
