package dev.processing.operation;

/**
 * The store contract, kept by {@link InMemoryOperationStore}.
 */
class InMemoryOperationStoreContractTests extends OperationStoreContractTests {

	@Override
	protected OperationStore createStore(int capacity) {
		return new InMemoryOperationStore(capacity);
	}

}
