def transpose(matrix):
    # return the list of the columns of `matrix`
    return []
